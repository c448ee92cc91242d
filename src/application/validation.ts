import type { z } from 'zod';
import { DomainError, type FieldIssue } from '../core/errors.js';

export function fieldIssuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message, code: issue.code }));
}

/** Parses input from outside with a core schema; a rejection lists every field and why. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what = 'input'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = fieldIssuesOf(result.error);
  const summary = issues
    .slice(0, 3)
    .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
    .join('; ');
  throw new DomainError('validation_failed', `${what} is invalid: ${summary}${issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''}`, issues);
}
