import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DomainError } from '../../core/errors.js';
import type { AppContext } from '../../application/app-context.js';
import { createImportJob, getImportJob, importJobRejections, listImportJobs } from '../../application/import-job.service.js';
import { requirePermission } from '../../application/authorization.js';
import { previewFile } from '../../interchange/file-preview.js';
import { MAX_SPREADSHEET_BYTES } from '../../interchange/spreadsheet-rows.js';
import { neutraliseFormula } from '../../core/formats/spreadsheet-safety.js';
import {
  EXPORT_MEDIA_TYPES,
  exportQuerySchema,
  importJobListSchema,
  importJobParamsSchema,
  importRejectionsFileSchema,
  incidentExportFileSchema,
  importJobSchema,
  importPreviewQuerySchema,
  importPreviewSchema,
  importQuerySchema,
} from '../../core/import-job.schema.js';
import { writeExport } from '../../interchange/incident-export.js';
import { authoriseSensitiveExport } from '../../application/sensitive-export.service.js';
import type { ImportJobRunner } from '../../interchange/import-job-runner.js';
import { errorBodySchema } from '../error-handler.js';
import { actorOf } from '../session-auth.js';

/** Raw upload bodies: streamed to disk, never buffered in memory. */
export const UPLOAD_CONTENT_TYPES = [
  'application/octet-stream',
  'text/csv',
  'text/tab-separated-values',
  'application/gzip',
  'application/geo+json',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.spreadsheet',
];
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

/** Stops an upload that grows past the limit, whatever its declared length. */
function byteLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > max) callback(Object.assign(new Error(`the upload is larger than ${max} bytes`), { statusCode: 413 }));
      else callback(null, chunk);
    },
  });
}

export function interchangeRoutes(ctx: AppContext, runner: ImportJobRunner, options: { publicUrl?: string }): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser(UPLOAD_CONTENT_TYPES, (_request, payload, done) => done(null, payload));

    app.post(
      '/imports',
      {
        bodyLimit: MAX_UPLOAD_BYTES,
        schema: {
          tags: ['import and export'],
          summary: 'Upload a file to import (GED, ACLED, HXL, GeoJSON or Haven CSV; gzip accepted; .xlsx or .ods; other columns with mapping=<JSON column mapping>) as a job; poll the job for progress',
          querystring: importQuerySchema,
          response: { 202: importJobSchema, 400: errorBodySchema, 403: errorBodySchema },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        if (!(request.body instanceof Readable)) {
          const message = `send the file itself as the body, with content-type ${UPLOAD_CONTENT_TYPES.join(', ')}`;
          throw new DomainError('validation_failed', message, [{ path: 'body', code: 'not_a_file', message }]);
        }
        const { fileName, strict, format, encoding, dataset, sheet, mapping, dateOrder } = request.query;
        const dir = await mkdtemp(join(tmpdir(), 'haven-upload-'));
        const file = join(dir, 'upload');
        // Checked before the upload is read, so a refused user sends nothing to disk.
        const length = Number(request.headers['content-length'] ?? Number.NaN);
        const job = await createImportJob(ctx, actor, { fileName, bytesTotal: Number.isFinite(length) ? length : null, options: { strict, format, encoding, dataset, sheet, mapping: mapping?.name, dateOrder } });
        await pipeline(request.body, byteLimit(MAX_UPLOAD_BYTES), createWriteStream(file));
        runner.start(actor, job, file, { strict, ...(format && { format }), ...(encoding && { encoding }), ...(dataset && { dataset }), ...(sheet && { sheet }), ...(mapping && { mapping }), ...(dateOrder && { dateOrder }) });
        return reply.status(202).send(runner.withLiveProgress(job));
      },
    );

    app.post(
      '/imports/preview',
      {
        bodyLimit: MAX_SPREADSHEET_BYTES,
        schema: {
          tags: ['import and export'],
          summary: 'What an upload holds before it is imported: its columns with sample values and, with a mapping, its first rows as they would be stored (nothing is written)',
          querystring: importPreviewQuerySchema,
          response: { 200: importPreviewSchema, 400: errorBodySchema, 403: errorBodySchema },
        },
      },
      async (request) => {
        requirePermission(actorOf(request), 'incident:write');
        if (!(request.body instanceof Readable)) {
          const message = `send the file itself as the body, with content-type ${UPLOAD_CONTENT_TYPES.join(', ')}`;
          throw new DomainError('validation_failed', message, [{ path: 'body', code: 'not_a_file', message }]);
        }
        const dir = await mkdtemp(join(tmpdir(), 'haven-preview-'));
        try {
          const file = join(dir, 'upload');
          await pipeline(request.body, byteLimit(MAX_SPREADSHEET_BYTES), createWriteStream(file));
          const { sheet, mapping, rows } = request.query;
          return await previewFile(file, { ...(sheet && { sheet }), ...(mapping && { mapping }), rows });
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    );

    app.get('/imports', { schema: { tags: ['import and export'], summary: 'My recent imports', response: { 200: importJobListSchema } } }, async (request) =>
      (await listImportJobs(ctx, actorOf(request))).map((j) => runner.withLiveProgress(j)),
    );

    app.get(
      '/imports/:id',
      { schema: { tags: ['import and export'], summary: 'An import job: status, progress and counts', params: importJobParamsSchema, response: { 200: importJobSchema, 404: errorBodySchema } } },
      async (request) => runner.withLiveProgress(await getImportJob(ctx, actorOf(request), request.params.id)),
    );

    app.get(
      '/imports/:id/rejections',
      { schema: { tags: ['import and export'], summary: 'Every rejected row of an import (CSV: row, field, reason)', params: importJobParamsSchema, response: { 200: importRejectionsFileSchema, 400: errorBodySchema, 404: errorBodySchema } } },
      async (request, reply) => {
        const rows = await importJobRejections(ctx, actorOf(request), request.params.id);
        const csv = stringify({ header: true, columns: ['row', 'field', 'reason'] });
        void (async () => {
          try {
            for await (const r of rows) if (!csv.write([r.row, neutraliseFormula(r.field), neutraliseFormula(r.message)])) await new Promise((ok) => csv.once('drain', ok));
            csv.end();
          } catch (error) {
            csv.destroy(error as Error);
          }
        })();
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="import-${request.params.id}-rejections.csv"`)
          .send(csv);
      },
    );

    app.get(
      '/exports/incidents',
      {
        schema: {
          tags: ['import and export'],
          summary: 'Download the incidents a filter matches as Haven CSV, GeoJSON, HXL or GED-shaped CSV, streamed',
          description:
            'Minimised: no sensitive details. With includeSensitive=true&purpose=<use>&recipient=<who> (permission incident:export_sensitive; csv or geojson) ' +
            'they are included, provided every named person consented to that use and recipient; otherwise 403 listing each incident and person record. Audited.',
          querystring: exportQuerySchema,
          response: { 200: incidentExportFileSchema, 400: errorBodySchema, 403: errorBodySchema },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const { format, includeSensitive, purpose, recipient, ...filter } = request.query;
        // Checked before the first byte, so a refusal is a proper 4xx and not a broken download.
        const sensitive = includeSensitive ? await authoriseSensitiveExport(ctx, actor, filter, format, { purpose, recipient }) : undefined;
        const out = new PassThrough();
        const baseUrl = options.publicUrl ?? `${request.protocol}://${request.host}`;
        void writeExport(ctx, actor, filter, format, out, { baseUrl, ...(sensitive && { sensitive }) }).catch((error: unknown) => out.destroy(error as Error));
        const { type, extension } = EXPORT_MEDIA_TYPES[format];
        const stamp = ctx.now().toISOString().slice(0, 10);
        return reply.header('content-type', type).header('content-disposition', `attachment; filename="haven-incidents-${stamp}.${extension}"`).send(out);
      },
    );
  };
}
