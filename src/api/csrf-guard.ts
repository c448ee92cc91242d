import type { FastifyInstance, FastifyRequest } from 'fastify';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether the browser says the request comes from another site; undefined when it says nothing (not a browser). */
function crossSite(request: FastifyRequest): boolean | undefined {
  const fetchSite = request.headers['sec-fetch-site'];
  // `none` is the user's own action (typed address, bookmark): not another site's page.
  if (typeof fetchSite === 'string') return fetchSite !== 'same-origin' && fetchSite !== 'none';
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return undefined;
  // Ports 80 and 443 may be written or not, depending on the client.
  const plain = (host: string) => host.toLowerCase().replace(/:(80|443)$/, '');
  try {
    return plain(new URL(origin).host) !== plain(request.headers.host ?? '');
  } catch {
    return true;
  }
}

/**
 * CSRF defence in depth for cookie sessions, on top of SameSite=Strict and JSON-only bodies: a state-changing API call
 * that a browser marks as coming from another origin (Sec-Fetch-Site, or failing that Origin against Host) is refused
 * with 403. Calls with an Authorization header are exempt — a browser never adds one to another site's request — and
 * so are clients that send neither header (curl, scripts): they carry no ambient cookie from a victim's browser.
 */
export function installCsrfGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (SAFE_METHODS.has(request.method) || !request.url.startsWith('/api/') || request.headers.authorization) return;
    if (crossSite(request)) {
      return reply.status(403).send({ error: { code: 'forbidden', message: 'cross-site request refused', issues: [], requestId: request.id } });
    }
  });
}
