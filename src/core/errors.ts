/**
 * Domain errors carry a stable machine-readable code; the API maps codes to HTTP statuses in one place,
 * the CLI prints them, the web form places field issues next to their inputs.
 */
export type DomainErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'conflict'
  | 'invalid_transition'
  | 'unauthenticated'
  | 'forbidden'
  /** The password was right; the second factor's code is missing or wrong. */
  | 'totp_required'
  /** Too many failed sign-ins: the same answer whether or not the username exists. */
  | 'too_many_attempts'
  /** A file over the size Haven accepts (an evidence upload over the limit). */
  | 'too_large'
  /** Something the server needs for this request is not installed or not running (e.g. Chromium for PDFs). */
  | 'unavailable';

/** One problem with one field; `path` is the dotted path into the submitted document (e.g. `casualties.0.high`). */
export interface FieldIssue {
  path: string;
  message: string;
  code: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id: string): DomainError =>
  new DomainError('not_found', `${what} ${id} does not exist`);
