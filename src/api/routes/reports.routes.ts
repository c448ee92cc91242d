import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../application/app-context.js';
import { connectedMonitoringReaders, situationReportHtml, situationReportPdf, type MonitoringReaders } from '../../application/situation-report.service.js';
import { situationReportPdfSchema, situationReportPageSchema, situationReportQuerySchema, type SituationReportQuery } from '../../core/situation-report-query.schema.js';
import { SITUATION_REPORT_CSS } from '../../reporting/situation-report-style.js';
import { actorOf } from '../session-auth.js';

/**
 * The report page allows nothing but its own inline stylesheet, named by its hash: no script of any kind, nothing
 * fetched. (The app's policy allows only same-origin stylesheets, which a self-contained page has none of.)
 */
export const SITUATION_REPORT_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(SITUATION_REPORT_CSS).digest('base64')}'`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** `situation-report-MMR-2023-01-01-2023-12-31.pdf`: only characters every file system takes. */
export function reportFileName(query: SituationReportQuery, extension: 'html' | 'pdf'): string {
  const area = query.country ?? (query.bbox ? `bbox-${query.bbox.map((n) => n.toFixed(2)).join('_')}` : 'area');
  return `situation-report-${area}-${query.from}-${query.to}.${extension}`.replace(/[^A-Za-z0-9._-]/g, '_');
}

export function reportRoutes(ctx: AppContext, readers: MonitoringReaders = connectedMonitoringReaders(ctx)): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/reports/situation',
      {
        schema: {
          tags: ['reports'],
          summary:
            'A situation report for an area (country or bbox) and period: a printable, self-contained HTML page with the key figures and their uncertainty, the map, the charts, the scorecard, alerts, violations and sources',
          querystring: situationReportQuerySchema,
          response: { 200: situationReportPageSchema },
        },
      },
      async (request, reply) => {
        const html = await situationReportHtml(ctx, actorOf(request), request.query, readers);
        return reply
          .type('text/html; charset=utf-8')
          .header('content-security-policy', SITUATION_REPORT_CSP)
          .header('content-disposition', `inline; filename="${reportFileName(request.query, 'html')}"`)
          .header('cache-control', 'no-store')
          .send(html);
      },
    );

    app.get(
      '/reports/situation.pdf',
      {
        schema: {
          tags: ['reports'],
          summary: 'The same situation report as an A4 PDF, printed by headless Chromium on the server (503 when Chromium is not installed)',
          querystring: situationReportQuerySchema,
          response: { 200: situationReportPdfSchema },
        },
      },
      async (request, reply) => {
        const pdf = await situationReportPdf(ctx, actorOf(request), request.query, readers);
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${reportFileName(request.query, 'pdf')}"`)
          .header('cache-control', 'no-store')
          .send(pdf);
      },
    );
  };
}
