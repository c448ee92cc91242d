import { build } from 'esbuild';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * The `haven` command as one JavaScript file, built from src/ once per test run. Tests run it with plain node: the
 * same code as `tsx src/cli/main.ts`, without compiling a few hundred modules again at every start (about 2.1 s a
 * command through tsx, 0.9 s bundled, on a machine with two cores — some hundred commands run in a test run).
 * Inside the checkout, so the command finds the package root and its node_modules as the installed one does.
 */
export const CLI_BUNDLE = join(ROOT, 'test-artifacts/cli/haven.mjs');

export async function buildCliBundle(): Promise<void> {
  await bundle(join(ROOT, 'src/cli/main.ts'), CLI_BUNDLE);
  // An import reads large files in a worker thread, whose code the command finds beside itself.
  await bundle(join(ROOT, 'src/interchange/record-source.worker.ts'), join(ROOT, 'test-artifacts/cli/record-source.worker.js'));
}

async function bundle(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Packages stay in node_modules, loaded as the installed command loads them; JSON data from a package is
    // bundled, since an external JSON import would lose its `with { type: 'json' }`.
    plugins: [
      {
        name: 'packages-external-but-json',
        setup(bundle) {
          bundle.onResolve({ filter: /^[^./]/ }, (args) => (args.path.endsWith('.json') ? undefined : { path: args.path, external: true }));
        },
      },
    ],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}
