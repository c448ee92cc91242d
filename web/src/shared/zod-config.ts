import { z } from 'zod';
import { plainIssueMessage } from '../../../src/core/plain-issue-messages.js';

/**
 * zod compiles a fast parser for each object schema with `new Function`, and first tests whether it may by calling
 * `Function('')`. The app's Content Security Policy forbids `unsafe-eval`, so that test was a CSP violation on every
 * page. Without the JIT zod parses the same way, only without compiling, and never tries. This module is the first
 * the app imports, because zod decides when a schema is made (at import), not when it parses.
 */
// And the problems a form shows are worded for people, as the server words them (see plain-issue-messages).
z.config({ jitless: true, customError: plainIssueMessage });
