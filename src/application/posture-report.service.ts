import { postureReportQuerySchema } from '../core/capabilities/posture-balance.js';
import { renderPdf } from '../infrastructure/pdf-renderer.js';
import { renderPostureReport } from '../reporting/posture-report.js';
import type { Actor, AppContext } from './app-context.js';
import { requirePermission } from './authorization.js';
import { listCapabilities } from './capability.service.js';
import { heldSystemOf, postureBalanceFor } from './posture-balance.service.js';
import { parseInput } from './validation.js';

/**
 * The posture report (GET /posture/report, `haven posture report`): the register and the posture review read through
 * their own services, so the report shows exactly what the reader may see of each, as a page or a PDF.
 */
export async function postureReport(ctx: AppContext, actor: Actor, input: unknown): Promise<{ format: 'html'; body: string } | { format: 'pdf'; body: Buffer }> {
  requirePermission(actor, 'posture:read');
  const { format, ...period } = parseInput(postureReportQuerySchema, input ?? {}, 'posture report query');
  // The register is read once, as the reader may see it, for both parts of the report.
  const { items } = await listCapabilities(ctx, actor);
  const balance = await postureBalanceFor(ctx, actor, period, items.map(heldSystemOf));
  const html = renderPostureReport({ capabilities: items, balance }, { generatedAt: ctx.now(), generatedBy: actor.username });
  return format === 'pdf' ? { format: 'pdf', body: await renderPdf(html) } : { format: 'html', body: html };
}
