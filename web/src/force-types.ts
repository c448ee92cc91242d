import type { LedgerEntry } from '../../src/core/ledger/hash-chain.js';
import type { LedgerVerification } from '../../src/core/ledger/record-links.js';
import type { Assessment, Verdict } from '../../src/core/use-of-force/assessment.js';
import type { ForceRequest } from '../../src/core/use-of-force/force-request.schema.js';
import type { RequestStatus } from '../../src/core/use-of-force/request-workflow.js';

/**
 * What the force API answers, as the browser sees it. These mirror the application layer's views
 * (src/application/force-request.service.ts, src/store/force-request.repository.ts), which the browser cannot import:
 * they pull in Node's crypto and the database.
 */
export type { Assessment, LedgerEntry, LedgerVerification };

/** One person's step on a request: a judgement, the review, the decision, the approval, or an outcome. */
export interface ForceStep {
  id: string;
  requestId: string;
  /** `judgement`, `review`, `decision`, `approval` or `outcome`. */
  kind: string;
  /** `arrest_feasible=yes`, `concur`, `authorise`, `approve`, `recorded` … */
  value: string;
  reasons: string;
  payload: unknown;
  actor: { id: string; name: string; role: string };
  at: string;
}

/** A request with its latest assessment, its steps and its ledger entries (`GET /force/requests/:id`). */
export interface ForceRequestView {
  id: string;
  status: RequestStatus;
  emergency: boolean;
  missionName: string;
  purpose: string;
  request: ForceRequest;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  verdicts: { ihl: Verdict; humanSecurity: Verdict };
  /** The request's version: a decision or approval names the version it was made on. */
  version: number;
  assessment: Assessment;
  steps: ForceStep[];
  ledger: LedgerEntry[];
}

/** A row of the queue (`GET /force/requests`). */
export interface ForceRequestSummary {
  id: string;
  missionName: string;
  purpose: string;
  status: RequestStatus;
  emergency: boolean;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  ihlVerdict: Verdict;
  hsVerdict: Verdict;
  updatedAt: string;
  version: number;
  /** The stored submission: the queue reads the situation from it, to head the first column by its regime. */
  request?: { request?: { situation?: { armedConflict?: string } } };
}

/** The body of `POST /force/assessments` and `POST /force/requests`: the request exactly as the form describes it. */
export interface ForceSubmission {
  request: unknown;
  emergency?: boolean;
}

/** The URL of each step under `/force/requests/:id/`. */
export type ForceStepPath = 'judgements' | 'review' | 'decision' | 'approval' | 'outcome';
