import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { errorBodySchema } from '../core/api-contract.schema.js';
import { DomainError, type DomainErrorCode, type FieldIssue } from '../core/errors.js';

const STATUS: Record<DomainErrorCode, number> = {
  validation_failed: 400,
  invalid_transition: 409,
  conflict: 409,
  not_found: 404,
  unauthenticated: 401,
  forbidden: 403,
  totp_required: 401,
  too_many_attempts: 429,
  too_large: 413,
  unavailable: 503,
};

/** The error body's schema is the contract's (src/core/api-contract.schema.ts); routes name it for each failure status. */
export { errorBodySchema };

/**
 * The one place where failures become HTTP: domain errors to their status with a code and field issues; schema
 * rejections to a structured 400; anything unexpected to a bare 500 with the request id, so no internals leak.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const send = (status: number, code: string, message: string, issues: FieldIssue[] = []) =>
      reply.status(status).send({ error: { code, message, issues, requestId: request.id } });

    if (error instanceof DomainError) return send(STATUS[error.code], error.code, error.message, [...error.issues]);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'request';
      const validation: readonly { instancePath: string; message?: string; keyword: string }[] = error.validation;
      const issues = validation.map((v) => ({ path: v.instancePath.slice(1).replaceAll('/', '.'), message: v.message ?? 'is invalid', code: v.keyword }));
      const first = issues[0];
      return send(400, 'validation_failed', `${where} is invalid${first ? `: ${first.path || where}: ${first.message}` : ''}`, issues);
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return send(error.statusCode, error.code ?? 'bad_request', error.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(500, 'internal_error', 'internal error; quote the request id when reporting it');
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}`, issues: [], requestId: request.id } }),
  );
}

/**
 * The router's own refusals (a URL that does not decode, a path parameter over the length limit) happen before any
 * hook or error handler; without this they answer Fastify's unstructured body. Passed as the `frameworkErrors` option.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const message = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path parameter is too long' : 'the URL is malformed';
  void reply.status(status).send({ error: { code: 'validation_failed', message, issues: [{ path: 'url', code: 'invalid_url', message }], requestId: request.id } });
}
