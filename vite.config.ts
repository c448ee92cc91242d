import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const COMPRESSIBLE = /\.(js|css|html|svg|json|webmanifest)$/;

/**
 * Every text file of the build also as `.br` and `.gz` beside it, which the server sends to a browser that accepts
 * them (@fastify/static's `preCompressed`): the app's 2 MB of JavaScript travel as about a quarter of that, which a
 * field office on a satellite link feels. Compressed once at build time, at the highest levels, never per request.
 */
function precompress(): Plugin {
  const filesIn = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesIn(join(dir, name)) : [join(dir, name)]));
  // The directory this build writes to (the browser tests build into their own).
  let outDir = '';
  return {
    name: 'haven-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      for (const file of filesIn(outDir).filter((f) => COMPRESSIBLE.test(f))) {
        const content = readFileSync(file);
        if (content.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } }));
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
      }
    },
  };
}

/** The glyph ranges the app ships (web/public/fonts), at the URL the map style asks for them by (src/api/glyph-route.ts). */
function shippedGlyphs(): { url: string; revision: string }[] {
  const dir = fileURLToPath(new URL('web/public/fonts/noto-sans-regular', import.meta.url));
  return readdirSync(dir)
    .filter((name) => name.endsWith('.pbf'))
    .map((name) => ({ url: `/fonts/${encodeURIComponent('Noto Sans Regular')}/${name}`, revision: createHash('sha256').update(readFileSync(join(dir, name))).digest('hex').slice(0, 16) }));
}

/**
 * The installable app (vite-plugin-pwa, Workbox's generateSW). The service worker precaches the shell — the HTML, every
 * JS and CSS chunk (MapLibre and the world's country shapes among them: the offline map), the icons and the map's
 * glyphs — so Haven opens with no network. Registered from web/src/main.ts once someone has signed in (the login page
 * stays light), with workbox-window: no inline script, under the strict CSP.
 *
 * `registerType: 'prompt'`: a new version waits until the user chooses to reload, never mid-way through an incident
 * being typed, and never while the outbox is being sent. The first install takes control at once (`clientsClaim`).
 *
 * Runtime caching is for reference data that names no one: the taxonomy, the basemap (its description and tiles) and
 * glyph ranges. NEVER incidents, evidence, cases, users or any other API answer that holds records: every other /api/
 * request goes to the network only (and is not listed here, so Workbox never stores it). The browser test
 * (test/browser/offline-outbox.test.ts) checks that no /api/v1/incidents answer is in Cache Storage after browsing.
 */
const pwa = () =>
  VitePWA({
    registerType: 'prompt',
    injectRegister: false,
    strategies: 'generateSW',
    filename: 'sw.js',
    manifest: {
      name: 'Haven',
      short_name: 'Haven',
      description: 'Haven — the register of harm to people: record incidents in the field, with or without a network.',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      background_color: '#ffffff',
      theme_color: '#0f5c63',
      icons: [
        { src: '/icons/haven.svg', sizes: 'any', type: 'image/svg+xml' },
        { src: '/icons/haven-192.png', sizes: '192x192', type: 'image/png' },
        { src: '/icons/haven-512.png', sizes: '512x512', type: 'image/png' },
        { src: '/icons/haven-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    workbox: {
      globPatterns: ['**/*.{js,css,html,svg,png,woff2,webmanifest}'],
      // MapLibre's chunk is about 1 MB, the world's shapes more: both are the offline map, so both are kept.
      maximumFileSizeToCacheInBytes: 8 * 1024 ** 2,
      additionalManifestEntries: shippedGlyphs(),
      clientsClaim: true,
      cleanupOutdatedCaches: true,
      // Offline, any page of the app opens its shell; API paths never get it (they answer for themselves, or fail).
      navigateFallback: 'index.html',
      navigateFallbackDenylist: [/^\/api\//],
      runtimeCaching: [
        {
          urlPattern: ({ url, request }) => request.method === 'GET' && url.pathname === '/api/v1/taxonomy',
          handler: 'StaleWhileRevalidate',
          options: { cacheName: 'haven-reference', cacheableResponse: { statuses: [200] } },
        },
        {
          urlPattern: ({ url, request }) => request.method === 'GET' && url.pathname.startsWith('/api/v1/basemap'),
          handler: 'NetworkFirst',
          options: { cacheName: 'haven-basemap', networkTimeoutSeconds: 5, cacheableResponse: { statuses: [200, 204] }, expiration: { maxEntries: 5000 } },
        },
        {
          urlPattern: ({ url, request }) => request.method === 'GET' && url.pathname.startsWith('/fonts/'),
          handler: 'CacheFirst',
          options: { cacheName: 'haven-glyphs', cacheableResponse: { statuses: [200] }, expiration: { maxEntries: 300 } },
        },
      ],
    },
  });

/**
 * The web app: `npx vite build` writes it to dist/web, which `buildServer(ctx, { webRoot: 'dist/web' })` serves.
 * The root is resolved from this file, not from the working directory, so the build works from anywhere.
 */
export default defineConfig({
  root: fileURLToPath(new URL('web', import.meta.url)),
  base: '/',
  plugins: [pwa(), precompress()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // MapLibre alone is ~1 MB; it gets a chunk of its own (cached across releases of the app), so that is expected.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl/ },
            { name: 'world', test: /node_modules[\\/]world-atlas/ },
          ],
        },
      },
    },
  },
});
