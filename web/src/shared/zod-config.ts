import { z } from 'zod';

/**
 * zod compiles a fast parser for each object schema with `new Function`, and first tests whether it may by calling
 * `Function('')`. The app's Content Security Policy forbids `unsafe-eval`, so that test was a CSP violation on every
 * page. Without the JIT zod parses the same way, only without compiling, and never tries. This module is the first
 * the app imports, because zod decides when a schema is made (at import), not when it parses.
 */
z.config({ jitless: true });
