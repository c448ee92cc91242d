import fc from 'fast-check';

/** Runs for each of `items` so that the total is about `total`, and at least one each. */
export const fuzzRunsPerItem = (total: number, items: number): number => Math.max(1, Math.ceil(total / Math.max(1, items)));

/** Strings an attacker tries in a path: traversal, encoded traversal, NUL, very long, odd unicode. */
export const HOSTILE_STRINGS = [
  '../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '%252e%252e%252f',
  '..\\..\\windows\\win.ini',
  '%00',
  'a%00b',
  '%',
  '%E0%A4%A',
  '%zz',
  '\u0000',
  '\uD800',
  '😀',
  "' OR 1=1 --",
  '"; DROP TABLE incidents; --',
  '__proto__',
  'constructor',
  '-1',
  '1e309',
  'NaN',
  'null',
  'undefined',
  '[]',
  '{}',
  ' ',
];

const rawHostile = fc.constantFrom(...HOSTILE_STRINGS);

/** Percent-encodes every byte outside the unreserved set; unlike encode it accepts lone surrogates. */
export const encode = (text: string): string =>
  [...Buffer.from(text, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

/** A path parameter: a valid UUID (missing record), a random string (encoded), a raw hostile string, or a very long one. */
export const pathParamArbitrary = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.uuid(),
    fc.string({ maxLength: 40 }).map(encode),
    fc.string({ unit: 'binary', maxLength: 20 }).map(encode),
    rawHostile.map((s) => (/^[\x21-\x7e]+$/.test(s) ? s : encode(s))),
    fc.integer({ min: 1000, max: 20_000 }).map((n) => 'a'.repeat(n)),
  );

/** The incident filter keys and the other query keys the routes take. */
export const QUERY_KEYS = [
  'from',
  'to',
  'themes',
  'categories',
  'countries',
  'actor',
  'statuses',
  'minDeaths',
  'bbox',
  'q',
  'exercise',
  'limit',
  'cursor',
  'format',
  'zoom',
  'includeSensitive',
  'purpose',
  'recipient',
  'fileName',
  'encoding',
  'dataset',
  'strict',
  'incidentId',
  'from_seq',
  'after',
];

const queryValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  rawHostile,
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom('2024-01-01', '2024-13-45', '9999-12-31T23:59:59Z', '-1,-1,1,1', '181,91,-181,-91', 'a,b,c,d', 'true', 'false', 'csv', 'geojson', 'hxl', 'ged'),
  fc.integer({ min: 1000, max: 20_000 }).map((n) => 'x'.repeat(n)),
);

/** A query string (with its `?`, or empty): known and unknown keys, repeated keys, encoded or raw hostile values. */
export const queryStringArbitrary = (): fc.Arbitrary<string> =>
  fc
    .array(
      fc.record({
        key: fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty')),
        value: queryValue,
        raw: fc.boolean(),
      }),
      { maxLength: 6 },
    )
    .map((pairs) =>
      pairs.length === 0
        ? ''
        : '?' +
          pairs
            .map(({ key, value, raw }) =>
              raw && /^[\x21-\x7e]*$/.test(value) && !/[#&]/.test(value) ? `${encode(key)}=${value}` : `${encode(key)}=${encode(value)}`,
            )
            .join('&'),
    );

const hostileKeys = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty');

/** A JSON value with hostile keys mixed into its objects. */
const hostileJson = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -0, 0.1, 2 ** 53),
    fc.string({ maxLength: 5000 }),
    rawHostile,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), hostileKeys), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Text of a deeply nested JSON document: arrays or objects, thousands deep. */
const deepNesting = fc.record({ depth: fc.integer({ min: 100, max: 20_000 }), kind: fc.constantFrom('array', 'object') }).map(({ depth, kind }) =>
  kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
);

/** Text that is not JSON, or only nearly. */
const brokenJson = fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('', '{', '{"a":', 'null', 'true', '"x"', '1', '[', '{"__proto__":{"admin":true}}', '\u0000', '{"a":1,"a":2}'));

/**
 * A JSON request body, as text: objects built from `fieldNames` (the route's own fields, so many inputs get past the
 * first check) with random values, random JSON with prototype-pollution keys, deep nesting, or broken JSON.
 */
export const jsonBodyArbitrary = (fieldNames: readonly string[] = []): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fieldNames.length ? fc.dictionary(fc.constantFrom(...fieldNames), hostileJson, { maxKeys: fieldNames.length }).map((o) => JSON.stringify(o)) : fc.constant('{}'), weight: 4 },
    { arbitrary: hostileJson.map((v) => JSON.stringify(v) ?? 'null'), weight: 3 },
    { arbitrary: fc.constantFrom('{"__proto__":{"role":"administrator"}}', '{"constructor":{"prototype":{"polluted":1}}}'), weight: 1 },
    { arbitrary: deepNesting, weight: 1 },
    { arbitrary: brokenJson, weight: 1 },
  );

/** The subset of JSON Schema that the OpenAPI document of the server uses (zod's output, no $ref). */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

const isoDate = fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true });

/** A value that (mostly) fits the schema, so that the input gets past validation into the application layer. */
function validArbitrary(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => schemaArbitrary(s, depth)));
  if (schema.allOf?.length) {
    const merged: JsonSchema = { type: 'object', properties: {}, required: [] };
    for (const part of schema.allOf) {
      Object.assign(merged.properties!, part.properties ?? {});
      merged.required!.push(...(part.required ?? []));
    }
    return validArbitrary(merged, depth);
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type ?? 'any') {
    case 'object': {
      if (depth > 4 || !schema.properties) return fc.constant({});
      const properties = Object.fromEntries(Object.entries(schema.properties).map(([k, s]) => [k, schemaArbitrary(s, depth + 1)]));
      return fc.record(properties, { requiredKeys: (schema.required ?? []).filter((k) => k in properties) });
    }
    case 'array':
      return fc.array(schema.items ? schemaArbitrary(schema.items, depth + 1) : fc.jsonValue({ maxDepth: 1 }), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'string':
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'date') return isoDate.map((d) => d.toISOString().slice(0, 10));
      if (schema.format === 'date-time') return isoDate.map((d) => d.toISOString());
      if (schema.format === 'email') return fc.emailAddress();
      if (schema.format === 'uri') return fc.webUrl();
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) }).filter((s) => s.length >= (schema.minLength ?? 0));
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

/** Mostly a fitting value, sometimes a hostile one in its place: the fuzzing reaches past validation and still probes it. */
export function schemaArbitrary(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: validArbitrary(schema, depth), weight: 8 }, { arbitrary: depth > 3 ? rawHostile : hostileJson, weight: 1 });
}

/** A query string from the route's declared query parameters (values generated from their schemas), or empty. */
export const declaredQueryArbitrary = (parameters: readonly { name: string; schema: JsonSchema }[]): fc.Arbitrary<string> =>
  parameters.length === 0
    ? fc.constant('')
    : fc
        .record(Object.fromEntries(parameters.map((p) => [p.name, schemaArbitrary(p.schema, 1)])), { requiredKeys: [] })
        .map((values) => {
          const pairs = Object.entries(values).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((item) => `${encode(k)}=${encode(typeof item === 'string' ? item : JSON.stringify(item) ?? '')}`));
          return pairs.length ? `?${pairs.join('&')}` : '';
        });
