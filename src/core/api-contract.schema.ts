import { z } from 'zod';

/**
 * The shapes every area of the HTTP contract shares: a record's id in the path, the pages lists answer with, the error
 * body, a yes/no query flag. The areas' own request and response schemas live beside their records in src/core.
 */

/** `:id` in a route's path, with a message naming what the id is of. */
export const idParamsSchema = (what: string) => z.object({ id: z.uuid({ error: `must be ${what} id (UUID)` }) });

/** A page of a list read with a cursor, newest first: `nextCursor` reads the next page, null on the last. */
export const cursorPageSchema = <Item extends z.ZodType>(item: Item) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
/** A page of a list read with limit and offset: `total` is every item the filter matches. */
export const countedPageSchema = <Item extends z.ZodType>(item: Item) => z.object({ items: z.array(item), total: z.number().int() });
/** A whole list, wrapped so the answer can grow fields. */
export const itemListSchema = <Item extends z.ZodType>(item: Item) => z.object({ items: z.array(item) });

type PageFields<Schema extends z.ZodType> = Omit<z.output<Schema>, 'items'>;
/** A page of `T`s read with a cursor (GET /incidents, GET /audit). */
export type Page<T> = PageFields<ReturnType<typeof cursorPageSchema<z.ZodUnknown>>> & { items: T[] };
/** A page of `T`s with the total the filter matches (GET /detections, GET /sites). */
export type CountedPage<T> = PageFields<ReturnType<typeof countedPageSchema<z.ZodUnknown>>> & { items: T[] };
/** A whole list of `T`s (GET /cases, GET /agreements, GET /legal-qualifications). */
export type ItemList<T> = { items: T[] };

/** One problem with one field, as an error body lists it (path: the dotted path into what was sent). */
export const fieldIssueSchema = z.object({ path: z.string(), message: z.string(), code: z.string() });

/** Every failure's body: a stable code, a message, the field issues, and the request id to quote to an administrator. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(fieldIssueSchema),
    requestId: z.string(),
  }),
});
export type ErrorBody = z.output<typeof errorBodySchema>;

/**
 * A success answer that is a file or a page, not JSON: the media type it is sent as, and what it is. OpenAPI reads the
 * media type from the response's own `content` (Fastify's swagger prefers it to the route's); the server sends the
 * bytes as they are, since no serializer runs on a stream, a buffer, or text sent with its own content type.
 */
/** What a file answer's handler sends: text, bytes, or a stream of them. */
export type FileBody = string | Uint8Array | AsyncIterable<unknown>;
export const fileAnswerSchema = (mediaTypes: string | readonly string[], description: string) =>
  z.custom<FileBody>().meta({ description, content: Object.fromEntries([mediaTypes].flat().map((type) => [type, { schema: { type: 'string', format: 'binary', description } }])) });

/** A 204 answer: no body. */
export const noContentSchema = z.null();

/** A yes/no query parameter: `true` or `false` as text. */
export const queryFlagSchema = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());

/** A comma-separated query parameter read as a list of one of `values` (`statuses=submitted,under_review`). */
export const commaListSchema = <const Values extends readonly [string, ...string[]]>(values: Values) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(z.enum(values)));
