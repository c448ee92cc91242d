import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

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

/**
 * The web app: `npx vite build` writes it to dist/web, which `buildServer(ctx, { webRoot: 'dist/web' })` serves.
 * The root is resolved from this file, not from the working directory, so the build works from anywhere.
 */
export default defineConfig({
  root: fileURLToPath(new URL('web', import.meta.url)),
  base: '/',
  plugins: [precompress()],
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
