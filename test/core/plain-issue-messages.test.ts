import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { plainIssueMessage } from '../../src/core/plain-issue-messages.js';

const messagesOf = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input, { error: plainIssueMessage });
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`);
};

describe('plain issue messages', () => {
  const schema = z.strictObject({
    title: z.string().min(1),
    precision: z.enum(['day', 'week', 'month']),
    count: z.number().int().min(0).max(10),
    id: z.uuid(),
    tags: z.array(z.string()).min(1),
    code: z.string().length(3),
  });

  it('words each kind of problem for a person, not a programmer', () => {
    expect(messagesOf(schema, { title: '', precision: 'hour', count: 11, id: 'x', tags: [], code: 'ab', extra: 1 })).toEqual([
      'title: must not be empty',
      'precision: must be one of: day, week, month',
      'count: must be at most 10',
      'id: must be an id (UUID)',
      'tags: must have at least one item',
      'code: must be exactly 3 characters',
      '(input): has field Haven does not know: extra',
    ]);
    expect(messagesOf(schema, { precision: 'day', count: 'three', id: 7 })).toEqual([
      'title: is required',
      'count: must be a number',
      'id: must be text',
      'tags: is required',
      'code: is required',
    ]);
    expect(messagesOf(z.number().gt(0), 0)).toEqual(['(input): must be more than 0']);
    expect(messagesOf(z.literal('yes'), 'no')).toEqual(['(input): must be yes']);
  });

  it("keeps a schema's own message", () => {
    expect(messagesOf(z.string().regex(/^\d{4}$/, 'must be a year'), 'soon')).toEqual(['(input): must be a year']);
    expect(messagesOf(z.string().regex(/^\d{4}$/), 'soon')).toEqual(['(input): is not in the expected form']);
  });

  it('lists at most twelve accepted values, saying how many there are', () => {
    const many = z.enum(Array.from({ length: 20 }, (_, i) => `v${i}`) as [string, ...string[]]);
    expect(messagesOf(many, 'x')[0]).toBe('(input): must be one of: v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, … (20 in all)');
  });
});
