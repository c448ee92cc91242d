import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { sendSerializedOnce } from '../../src/api/serialized-answer.js';

const thingSchema = () => z.object({ id: z.string(), count: z.number().int() });

/** A fresh schema per server, so each test counts its own parses. */
async function serverAnswering(answers: () => object) {
  const body = thingSchema();
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const parse = vi.spyOn(body, 'safeParse');
  const send = sendSerializedOnce(body);
  // The answers are deliberately typed loosely: an answer outside the schema is one of the cases.
  app.get('/thing', { schema: { response: { 200: body } } }, async (_request, reply) => send(reply, answers() as z.output<ReturnType<typeof thingSchema>>));
  await app.ready();
  return { app, parse };
}

describe('an answer serialized once', () => {
  it('checks and serializes the same cached answer once, and sends the same JSON every time', async () => {
    const cached = { id: 'a', count: 2, undocumented: 'dropped' };
    const { app, parse } = await serverAnswering(() => cached);
    const first = await app.inject({ method: 'GET', url: '/thing' });
    const second = await app.inject({ method: 'GET', url: '/thing' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(first.json()).toEqual({ id: 'a', count: 2 });
    expect(second.body).toBe(first.body);
    expect(parse).toHaveBeenCalledTimes(1);
    await app.close();
  });

  it('checks a new answer (the data changed) again', async () => {
    let count = 0;
    const { app, parse } = await serverAnswering(() => ({ id: 'a', count: ++count }));
    expect((await app.inject({ method: 'GET', url: '/thing' })).json()).toEqual({ id: 'a', count: 1 });
    expect((await app.inject({ method: 'GET', url: '/thing' })).json()).toEqual({ id: 'a', count: 2 });
    expect(parse).toHaveBeenCalledTimes(2);
    await app.close();
  });

  it('fails an answer its schema does not describe, every time it is asked for', async () => {
    const cached = { id: 'a', count: 1.5 };
    const { app } = await serverAnswering(() => cached);
    for (let i = 0; i < 2; i++) {
      const response = await app.inject({ method: 'GET', url: '/thing' });
      expect(response.statusCode).toBe(500);
      expect(response.body).toMatch(/Response doesn't match the schema/i);
    }
    await app.close();
  });
});
