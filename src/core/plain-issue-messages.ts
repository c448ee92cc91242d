import type { z } from 'zod';

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  date: 'a date',
  bigint: 'a whole number',
};

const FORMAT_WORDS: Record<string, string> = {
  uuid: 'an id (UUID)',
  guid: 'an id (UUID)',
  email: 'an email address',
  url: 'a URL',
  datetime: 'a date and time (ISO 8601)',
  date: 'a date as YYYY-MM-DD',
  time: 'a time',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
};

const MAX_LISTED_VALUES = 12;

const listed = (values: readonly unknown[]): string => {
  const shown = values.slice(0, MAX_LISTED_VALUES).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return values.length > MAX_LISTED_VALUES ? `${shown.join(', ')}, … (${values.length} in all)` : shown.join(', ');
};

const unit = (origin: string, n: number | bigint): string =>
  origin === 'string' ? ` character${n === 1 ? '' : 's'}` : origin === 'array' || origin === 'set' ? ` item${n === 1 ? '' : 's'}` : '';

/**
 * zod's messages in plain words for the people who read them (a field officer at a form, an analyst at the shell):
 * "must be one of: day, week" rather than `Invalid option: expected one of "day"|"week"`. A schema's own message
 * always wins; this only words what a schema left to zod. Installed by each edge with `z.config({ customError })`.
 */
export const plainIssueMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${listed(issue.values)}` : `must be one of: ${listed(issue.values)}`;
    case 'too_small': {
      const n = issue.minimum;
      if (issue.origin === 'string' && n === 1) return 'must not be empty';
      if (issue.origin === 'array' && n === 1) return 'must have at least one item';
      if (issue.exact) return `must be exactly ${n}${unit(issue.origin, n)}`;
      return `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${n}${unit(issue.origin, n)}`;
    }
    case 'too_big': {
      const n = issue.maximum;
      if (issue.exact) return `must be exactly ${n}${unit(issue.origin, n)}`;
      return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${n}${unit(issue.origin, n)}`;
    }
    case 'invalid_format':
      if (issue.format === 'regex') return 'is not in the expected form';
      if (issue.format === 'starts_with' || issue.format === 'ends_with' || issue.format === 'includes') return 'is not in the expected form';
      return `must be ${FORMAT_WORDS[issue.format] ?? `in ${issue.format} format`}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return `has field${issue.keys.length === 1 ? '' : 's'} Haven does not know: ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'does not match any of the accepted forms';
    case 'invalid_key':
      return 'has a key that is not accepted';
    case 'invalid_element':
      return 'has an element that is not accepted';
    case 'custom':
      // A refinement words its own problem.
      return undefined;
  }
};
