import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers, kept by the linter: each folder lists the folders of ours it may import from (its own is always
 * allowed). Imports are relative, so a file `depth` folders below its layer leaves the layer with `depth + 1` times
 * `../`; the rule forbids every such exit that does not continue into an allowed folder. Tests, benches and tools
 * may reach anything: they exercise the layers from outside.
 */
const LAYERS = {
  // Pure domain: rules, schemas and arithmetic, runnable in the browser and in any process.
  'src/core': { allowed: [], pure: true },
  // Shared by the server and the web app, so it is as pure as core.
  'src/reporting': { allowed: ['core'], pure: true },
  'src/demo': { allowed: ['core'] },
  // I/O adapters (files with private modes, atomic creation, key files, evidence files, country shapes, PDF rendering):
  // they know the file system or a browser, not the use cases.
  'src/infrastructure': { allowed: ['core', 'reporting'] },
  // The store may use the file adapters too: its SQLite files and backups are created private like key files.
  'src/store': { allowed: ['core', 'infrastructure'] },
  // Use cases never import an edge: not the HTTP API, not the command line, not the file formats of interchange.
  'src/application': { allowed: ['core', 'store', 'reporting', 'demo', 'infrastructure'] },
  // Edges: file formats, HTTP, command line. None reads the store; each goes through application.
  'src/interchange': { allowed: ['core', 'application', 'reporting', 'infrastructure'] },
  'src/api': { allowed: ['core', 'application', 'reporting', 'interchange'] },
  'src/cli': { allowed: ['core', 'application', 'reporting', 'interchange', 'api', 'composition', 'infrastructure'] },
  // The composition root puts the context together from the store and the adapters; edges open Haven through it.
  'src/composition': { allowed: ['core', 'store', 'application', 'infrastructure'] },
};
const BUILTIN = `^(node:|(${builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.replace(/[/]/g, '\\/')).join('|')})(/|$))`;
// Deeper than any folder today (src/core/use-of-force/rule-sets is two below its layer).
const MAX_DEPTH = 5;

function layerRules(folder, { allowed, pure = false }, reach = (up, names) => `^(\\.\\./){${up}}(?!(${names.join('|')})/)`, may = allowed) {
  const own = folder.split('/').at(-1);
  return Array.from({ length: MAX_DEPTH }, (_, depth) => ({
    files: [`${folder}/${'*/'.repeat(depth)}*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: reach(depth + 1, [own, ...allowed]), message: `${folder} may import only from ${[folder, ...may].join(', ')} (see the layers in eslint.config.js).` },
            ...(pure ? [{ regex: BUILTIN, message: `${folder} is pure: no Node.js modules (it runs in the browser too).` }] : []),
          ],
        },
      ],
    },
  }));
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'scratch/', 'test-artifacts/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Fastify handlers and plugins are async by contract, awaiting or not.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': ['error', { ignoreStatic: true }],
    },
  },
  {
    // Tests read untyped JSON from HTTP responses and assert on it; the assertions are the type check there.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  ...Object.entries(LAYERS).flatMap(([folder, layer]) => layerRules(folder, layer)),
  {
    // The edges reach data through use cases, never through the context's store (imports alone would not show it).
    files: ['src/api/**/*.ts', 'src/cli/**/*.ts', 'src/interchange/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name='store']", message: 'An edge reads and writes through an application function, not through ctx.store.' },
      ],
    },
  },
  // The web app leaves web/src and then the repository's web/ before it reaches src/: only core and reporting.
  ...layerRules('web/src', { allowed: [], pure: true }, (up) => `^(\\.\\./){${up}}(?!\\.\\./src/(core|reporting)/)`, ['src/core', 'src/reporting']),
  { files: ['*.config.ts', '*.config.js'], ...tseslint.configs.disableTypeChecked },
);
