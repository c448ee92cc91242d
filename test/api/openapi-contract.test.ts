import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openApiHarness, type ApiHarness } from '../support/api-harness.js';

type JsonSchema = Record<string, unknown>;
interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

/** Keys that only describe a schema; a schema with nothing else says nothing about the value (z.unknown() gives `{}`). */
const ANNOTATIONS = new Set(['description', 'title', 'examples', 'example', 'default', 'deprecated', 'readOnly', 'writeOnly', '$comment']);
const saysNothing = (schema: JsonSchema | undefined) => schema === undefined || Object.keys(schema).every((key) => ANNOTATIONS.has(key));

/**
 * Why an operation's success answer is undescribed, or nothing when it is described. A JSON answer is described under
 * application/json; a file or a page (a CSV, a PDF, an HTML report, an evidence file) under the media type it is sent
 * as, by the core's fileAnswerSchema. Either way the schema must say something.
 */
function undescribed(operation: Operation): string | undefined {
  const successes = Object.entries(operation.responses ?? {}).filter(([code]) => /^2\d\d$/.test(code));
  if (successes.length === 0) return 'no success response documented';
  for (const [code, response] of successes) {
    if (code === '204') continue;
    const media = Object.entries(response.content ?? {});
    if (media.length === 0) return `${code} has no body described`;
    for (const [type, { schema }] of media) if (saysNothing(schema)) return `${code} ${type} body schema says nothing ({})`;
  }
  return undefined;
}

/** The media types an operation's success answers are described in. */
const mediaTypesOf = (operation: Operation) =>
  Object.entries(operation.responses ?? {})
    .filter(([code]) => /^2\d\d$/.test(code))
    .flatMap(([, response]) => Object.keys(response.content ?? {}));

describe('the API contract', () => {
  let h: ApiHarness;
  let paths: Record<string, Record<string, Operation>>;
  let spec: { paths: typeof paths; components?: { schemas?: Record<string, unknown> } };
  beforeAll(async () => {
    h = await openApiHarness('sqlite');
    const response = await h.call({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    spec = response.json();
    paths = spec.paths;
  });
  afterAll(() => h?.close());

  it('describes the success body of every route, files and pages in their own media type', () => {
    const operations = Object.entries(paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })));
    expect(operations.length).toBeGreaterThan(80);
    const offending = operations.flatMap(({ route, operation }) => {
      const problem = undescribed(operation);
      return problem ? [`${route}: ${problem}`] : [];
    });
    expect(offending, `routes whose success body is undescribed:\n${offending.join('\n')}`).toEqual([]);
  });

  it('sends a file in a media type its route describes', async () => {
    const media = (contentType: string | undefined) => contentType?.split(';')[0]?.trim();
    for (const [route, url, as] of [
      ['/api/v1/exports/incidents', '/api/v1/exports/incidents?format=csv', 'viewer'],
      ['/api/v1/exports/incidents', '/api/v1/exports/incidents?format=geojson', 'viewer'],
      ['/api/v1/ledger/segment', '/api/v1/ledger/segment', 'auditor'],
    ] as const) {
      const response = await h.call({ method: 'GET', url, as });
      expect(response.statusCode, `${url}: ${response.body.slice(0, 200)}`).toBe(200);
      const described = mediaTypesOf(paths[route]!.get!);
      const sent = media(response.headers['content-type'] as string | undefined);
      expect(described, route).not.toContain('application/json');
      expect(described, `${url} answers ${sent}`).toContain(sent);
    }
  });

  it('holds every schema it refers to', () => {
    const refs = [...new Set(JSON.stringify(spec).match(/"\$ref":"[^"]*"/g) ?? [])].map((ref) => ref.slice('"$ref":"'.length, -1));
    const dangling = refs.filter((ref) => !(ref.startsWith('#/components/schemas/') && Object.hasOwn(spec.components?.schemas ?? {}, ref.slice('#/components/schemas/'.length))));
    expect(dangling).toEqual([]);
  });

  it('recognises an undescribed body', () => {
    expect(undescribed({ responses: { 200: { content: { 'application/json': { schema: {} } } } } })).toMatch(/says nothing/);
    expect(undescribed({ responses: { 200: { content: { 'application/json': { schema: { description: 'anything' } } } } } })).toMatch(/says nothing/);
    expect(undescribed({ responses: { 200: {} } })).toMatch(/no body described/);
    expect(undescribed({ responses: { 200: { content: { 'text/csv': { schema: {} } } } } })).toMatch(/text\/csv body schema says nothing/);
    expect(undescribed({ responses: { 200: { content: { 'text/csv': { schema: { type: 'string', format: 'binary' } } } } } })).toBeUndefined();
    expect(undescribed({ responses: { 404: { content: { 'application/json': { schema: { type: 'object' } } } } } })).toMatch(/no success/);
    expect(undescribed({ responses: { 204: {} } })).toBeUndefined();
    expect(undescribed({ responses: { 201: { content: { 'application/json': { schema: { type: 'object', properties: {} } } } } } })).toBeUndefined();
  });
});

/**
 * The server's serializer compiler (fastify-type-provider-zod) parses every answer with the route's response schema
 * before writing it: a missing or mistyped field fails the request (500, ResponseSerializationError) instead of
 * reaching the client, and a field the schema does not name is dropped (zod objects strip unknown keys), so nothing
 * undocumented leaves the server.
 */
describe('response schemas are enforced', () => {
  const body = z.object({ id: z.string(), count: z.number().int() });
  async function serverAnswering(answer: unknown) {
    const app = Fastify().withTypeProvider<ZodTypeProvider>();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    // The handler's answer is deliberately outside the declared type: that is what is being tested.
    app.get('/thing', { schema: { response: { 200: body } } }, async () => answer as z.output<typeof body>);
    await app.ready();
    return app;
  }

  it('sends an answer its schema describes', async () => {
    const app = await serverAnswering({ id: 'a', count: 2 });
    const response = await app.inject({ method: 'GET', url: '/thing' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ id: 'a', count: 2 });
    await app.close();
  });

  it('fails an answer missing a required field, or with a field of the wrong type', async () => {
    for (const answer of [{ id: 'a' }, { id: 'a', count: '2' }, { id: 'a', count: 1.5 }]) {
      const app = await serverAnswering(answer);
      const response = await app.inject({ method: 'GET', url: '/thing' });
      expect(response.statusCode, JSON.stringify(answer)).toBe(500);
      expect(response.body).toMatch(/Response doesn't match the schema|serializ/i);
      await app.close();
    }
  });

  it('drops a field the schema does not name', async () => {
    const app = await serverAnswering({ id: 'a', count: 2, secret: 'kept out' });
    const response = await app.inject({ method: 'GET', url: '/thing' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ id: 'a', count: 2 });
    await app.close();
  });

  it('fails a Haven route whose answer does not match its schema', async () => {
    const h = await openApiHarness('sqlite');
    // A zone row altered under the API: a version that is not a number cannot be answered as a zone.
    const created = await h.call({
      method: 'POST',
      url: '/api/v1/zones',
      as: 'analyst',
      payload: { type: 'Feature', geometry: { type: 'Point', coordinates: [30.5, 50.4] }, properties: { name: 'Corridor', kind: 'humanitarian_corridor', widthKm: 4, validFrom: '2022-03-05', status: 'agreed', source: { dataset: 'test' } } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    await h.test.store.connection.db.updateTable('zones').set({ name: '' }).where('id', '=', id).execute();
    const read = await h.call({ method: 'GET', url: `/api/v1/zones/${id}`, as: 'viewer' });
    expect(read.statusCode).toBe(500);
    expect(read.json().error.code).toBe('internal_error');
    await h.close();
  });
});
