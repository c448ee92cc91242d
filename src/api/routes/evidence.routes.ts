import { rm } from 'node:fs/promises';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../application/app-context.js';
import {
  custodyReport,
  getEvidence,
  listEvidence,
  maxEvidenceBytesOf,
  openEvidenceFile,
  receiveEvidenceOnce,
  stageEvidenceFile,
  transferEvidence,
  verifyEvidence,
  type EvidenceCopy,
  type StagedFile,
} from '../../application/evidence.service.js';
import { contentDisposition, custodyEventSchema, custodyReportPageSchema, evidenceDetailSchema, evidenceFileSchema, evidenceItemSchema, evidenceListSchema, evidenceParamsSchema, evidenceQuerySchema, evidenceVerificationSchema, transferSchema } from '../../core/evidence/evidence.js';
import { DomainError } from '../../core/errors.js';
import { CUSTODY_REPORT_CSS, renderCustodyReport } from '../custody-report.js';
import { errorBodySchema } from '../error-handler.js';
import { actorOf } from '../session-auth.js';

/** Evidence arrives as multipart/form-data: accepted by the content-type rule of session-auth.ts for these routes only. */
export const EVIDENCE_UPLOAD_CONTENT_TYPES = ['multipart/form-data'];

const idParams = evidenceParamsSchema;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 413: errorBodySchema };
const TEXT_FIELDS = new Set(['description', 'source', 'location', 'clientId', 'capturedSha256', 'capturedAt']);

const MALFORMED_MULTIPART = /^(Multipart:|Unexpected end of|Malformed part header|Part terminated early)/i;
const refuse = (path: string, code: string, message: string) => new DomainError('validation_failed', message, [{ path, code, message }]);

export function evidenceRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    // Registered here, not on the server: only the evidence routes parse multipart bodies.
    await app.register(fastifyMultipart, {
      limits: { fileSize: maxEvidenceBytesOf(ctx) + 1, files: 1, fields: 60, fieldSize: 4000, parts: 62, headerPairs: 100 },
    });

    app.post(
      '/evidence',
      {
        schema: {
          tags: ['evidence'],
          summary:
            'Upload a file as an evidence item (multipart/form-data: `file`, and optionally `incidentIds` (repeated or comma-separated), `description`, `source`, `location`); hashed on arrival, the original preserved read-only. ' +
            'A device that hashed the file at capture sends `capturedSha256` (and `capturedAt`): a file that no longer has that hash is refused, and its custody starts with the capture. ' +
            'A `clientId` (UUID) chosen by the device makes a resend of the same file answer 200 with the item already received; the id used by another uploader or for another file is refused with 409',
          consumes: ['multipart/form-data'],
          response: { 200: evidenceItemSchema, 201: evidenceItemSchema, ...errors, 409: errorBodySchema },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        // Cookie sessions are SameSite=Strict already; a browser that says the form came from another site is refused too.
        const site = request.headers['sec-fetch-site'];
        if (site === 'cross-site' || site === 'same-site') throw new DomainError('forbidden', 'evidence cannot be uploaded from another site');
        if (!request.isMultipart()) throw refuse('body', 'not_multipart', 'send the file as multipart/form-data, in a field named "file"');
        const fields: { incidentIds: string[]; [name: string]: unknown } = { incidentIds: [] };
        let staged: StagedFile | undefined;
        let declaredName: string | undefined;
        try {
          for await (const part of request.parts()) {
            if (part.type === 'file') {
              if (part.fieldname !== 'file' || staged) {
                part.file.resume();
                throw refuse(part.fieldname, 'unexpected_file', 'send one file, in the field named "file"');
              }
              declaredName = part.filename;
              staged = await stageEvidenceFile(ctx, actor, part.file);
            } else if (part.fieldname === 'incidentIds') {
              fields.incidentIds.push(...String(part.value).split(',').map((s) => s.trim()).filter(Boolean));
            } else if (TEXT_FIELDS.has(part.fieldname)) {
              fields[part.fieldname] = String(part.value);
            } else {
              throw refuse(part.fieldname, 'unknown_field', `unknown field "${part.fieldname}"; send file, incidentIds, description, source, location, clientId, capturedSha256, capturedAt`);
            }
          }
        } catch (error) {
          if (staged) await rm(staged.dir, { recursive: true, force: true });
          // The multipart parser's own complaints (no boundary, a body cut short) are the sender's to fix.
          if (error instanceof Error && !(error instanceof DomainError) && MALFORMED_MULTIPART.test(error.message)) {
            throw refuse('body', 'malformed_multipart', `the multipart body is malformed: ${error.message}`);
          }
          throw error;
        }
        if (!staged) throw refuse('file', 'missing', 'no file: send it in a field named "file"');
        const { item, created } = await receiveEvidenceOnce(ctx, actor, staged, fields, { declaredName, ip: request.ip });
        return reply.status(created ? 201 : 200).send(item);
      },
    );

    app.get(
      '/evidence',
      {
        schema: {
          tags: ['evidence'],
          summary: 'Evidence items the reader may see, newest first; `incidentId` gives one incident\'s, `q` those whose file name, description, source or location contain the text',
          querystring: evidenceQuerySchema,
          response: { 200: evidenceListSchema, ...errors },
        },
      },
      async (request) => listEvidence(ctx, actorOf(request), request.query),
    );

    app.get(
      '/evidence/custody-report.css',
      { schema: { hide: true } },
      async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CUSTODY_REPORT_CSS),
    );

    app.post(
      '/evidence/verification',
      { schema: { tags: ['evidence'], summary: 'Re-hash every stored original against its recorded SHA-256 and check every custody event against the ledger', response: { 200: evidenceVerificationSchema, ...errors } } },
      async (request) => verifyEvidence(ctx, actorOf(request)),
    );

    app.get(
      '/evidence/:id',
      { schema: { tags: ['evidence'], summary: 'An evidence item: its metadata, hash and custody events', params: idParams, response: { 200: evidenceDetailSchema, ...errors } } },
      async (request) => getEvidence(ctx, actorOf(request), request.params.id),
    );

    const download = async (copy: EvidenceCopy, request: FastifyRequest, id: string, reply: FastifyReply) => {
      const file = await openEvidenceFile(ctx, actorOf(request), id, copy, { ip: request.ip });
      return reply
        .type(file.mediaType)
        .header('content-length', file.sizeBytes)
        .header('content-disposition', contentDisposition(file.fileName))
        .header('x-evidence-sha256', file.sha256)
        .header('cache-control', 'no-store')
        .send(file.stream);
    };
    app.get(
      '/evidence/:id/original',
      { schema: { tags: ['evidence'], summary: 'Download the preserved original (recorded as a custody event)', params: idParams, response: { 200: evidenceFileSchema, ...errors } } },
      async (request, reply) => download('original', request, request.params.id, reply),
    );
    app.get(
      '/evidence/:id/working',
      { schema: { tags: ['evidence'], summary: 'Download the working copy, metadata stripped where possible (recorded as a custody event)', params: idParams, response: { 200: evidenceFileSchema, ...errors } } },
      async (request, reply) => download('working', request, request.params.id, reply),
    );

    app.post(
      '/evidence/:id/transfers',
      { schema: { tags: ['evidence'], summary: 'Record a transfer of custody to a named person or organisation, with the reason', params: idParams, body: transferSchema, response: { 201: custodyEventSchema, ...errors } } },
      async (request, reply) => reply.status(201).send(await transferEvidence(ctx, actorOf(request), request.params.id, request.body)),
    );

    app.get(
      '/evidence/:id/custody-report',
      { schema: { tags: ['evidence'], summary: 'A printable chain-of-custody report (HTML)', params: idParams, response: { 200: custodyReportPageSchema, ...errors } } },
      async (request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderCustodyReport(await custodyReport(ctx, actorOf(request), request.params.id))),
    );
  };
}
