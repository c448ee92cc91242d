import type { LedgerEntry } from '../../../src/core/ledger/hash-chain.js';
import type { LedgerVerification } from '../../../src/core/ledger/record-links.js';
import type { Assessment } from '../../../src/core/use-of-force/assessment.js';
import type { ForceRequestView, ForceStep, StoredForceRequest } from '../../../src/core/use-of-force/force-request-view.schema.js';

/** What the force API answers, as the routes' response schemas define them (src/core/use-of-force/force-request-view.schema.ts). */
export type { Assessment, ForceRequestView, ForceStep, LedgerEntry, LedgerVerification };

/** A row of the queue (`GET /force/requests`). */
export type ForceRequestSummary = StoredForceRequest;

/** The URL of each step under `/force/requests/:id/`. */
export type ForceStepPath = 'judgements' | 'review' | 'decision' | 'approval' | 'outcome';
