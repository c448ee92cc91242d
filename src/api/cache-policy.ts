import type { FastifyInstance } from 'fastify';

/** Vite's output names these by their content's hash: a changed file is a new URL, so they may be kept long. */
const HASHED_ASSETS = '/assets/';
/**
 * The service worker and the app's manifest keep their names from one release to the next: the browser must ask
 * again each time (`no-cache`), or an installed app would keep running an old release.
 */
const ALWAYS_REVALIDATED = new Set(['/sw.js', '/manifest.webmanifest']);

/**
 * What a browser or a proxy may keep. Every API answer can carry a name, a record, evidence or a decision, so each is
 * `no-store` unless its route chose otherwise for something that is neither sensitive nor personal (the custody
 * report's stylesheet); the app's HTML is `no-store` too, so a signed-out browser never shows a page from its cache.
 * The hashed static assets are kept for a year; the service worker and the manifest are checked again on every use.
 */
export function installCachePolicy(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const path = request.url.split('?', 1)[0]!;
    const html = String(reply.getHeader('content-type') ?? '').startsWith('text/html');
    if (path.startsWith('/api/')) {
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    } else if (html) {
      reply.header('cache-control', 'no-store');
    } else if (ALWAYS_REVALIDATED.has(path)) {
      reply.header('cache-control', 'no-cache');
    } else if (path.startsWith(HASHED_ASSETS) && reply.statusCode === 200) {
      reply.header('cache-control', 'public, max-age=31536000, immutable');
    }
    return payload;
  });
}
