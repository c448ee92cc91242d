import type { FastifyReply } from 'fastify';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import type { z } from 'zod';

/**
 * A cached answer (see ReadCache) is the same object on every hit until the data changes, so it is checked against
 * its response schema and turned into JSON bytes once, not on every request: for a list page that is most of the
 * request's cost. Fastify sends a Buffer with a JSON content type as it is. An answer its schema does not describe
 * fails as the serializer compiler fails it (500, ResponseSerializationError).
 */
export function sendSerializedOnce<S extends z.ZodType>(schema: S) {
  const bodies = new WeakMap<object, Buffer>();
  return (reply: FastifyReply, answer: z.output<S> & object): FastifyReply => {
    let body = bodies.get(answer);
    if (body === undefined) {
      const checked = schema.safeParse(answer);
      if (!checked.success) throw new ResponseSerializationError(reply.request.method, reply.request.url, { cause: checked.error });
      body = Buffer.from(JSON.stringify(checked.data));
      bodies.set(answer, body);
    }
    return reply.type('application/json; charset=utf-8').send(body);
  };
}
