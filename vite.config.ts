import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The web app: `npx vite build` writes it to dist/web, which `buildServer(ctx, { webRoot: 'dist/web' })` serves.
 * The root is resolved from this file, not from the working directory, so the build works from anywhere.
 */
export default defineConfig({
  root: fileURLToPath(new URL('web', import.meta.url)),
  base: '/',
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
