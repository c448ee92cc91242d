/**
 * Vitest global setup: makes sure Chromium is installed and a PostgreSQL server with PostGIS is running, and gives
 * tests the server's URL as `inject('pgUrl')` (each test file creates its own database on it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildCliBundle } from './cli-bundle.js';
import { openStore } from '../../src/store/store.js';
import { createTemplateDatabases, ensurePostgres } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    /** The run's template databases on that server (test/support/postgres-server.ts createTemplateDatabases). */
    pgTemplates: { postgis: string; migrated: string };
    /** A migrated SQLite database file that test stores start as a copy of. */
    sqliteTemplate: string;
    /** Where browser tests share one build of the web app (test/browser/browser-harness.ts buildWebApp). */
    webBuildDir: string;
  }
}

const REPO_ROOT = new URL('../../', import.meta.url).pathname;
const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureChromium(); // first: if it throws, no server has been started yet
  const [server] = await Promise.all([ensurePostgres(), buildCliBundle()]);
  project.provide('pgUrl', server.url);
  const templates = await createTemplateDatabases(server.url, async (url) => (await openStore(url)).connection.close());
  project.provide('pgTemplates', { postgis: templates.postgis, migrated: templates.migrated });
  const webBuild = await freshWebBuildDir();
  project.provide('webBuildDir', webBuild);
  const sqliteTemplate = join(dirname(webBuild), 'template.db');
  await (await openStore(sqliteTemplate)).connection.close();
  project.provide('sqliteTemplate', sqliteTemplate);
  return async () => {
    await rm(dirname(webBuild), { recursive: true, force: true }).catch(() => undefined);
    await templates.drop().catch(() => undefined);
    await server.stop();
  };
}

/**
 * A folder of this run's own for the shared web build: built at most once, by the first browser test file, so a run
 * never serves another run's (older) build — two runs in one checkout may even overlap.
 */
async function freshWebBuildDir(): Promise<string> {
  const runs = join(REPO_ROOT, 'dist/browser-tests');
  await mkdir(runs, { recursive: true });
  const run = await mkdtemp(join(runs, 'run-'));
  return join(run, 'web');
}

function ensureChromium(): void {
  const path = process.env.HAVEN_CHROMIUM || DEFAULT_CHROMIUM;
  if (existsSync(path)) return;
  if (path === DEFAULT_CHROMIUM && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log(`Chromium is missing at ${path}; installing it with apt-get.`);
    const apt = (...args: string[]) =>
      execFileSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    try {
      apt('install', '-y', 'chromium');
    } catch {
      apt('update'); // a fresh machine may have no package lists yet
      apt('install', '-y', 'chromium');
    }
  }
  if (!existsSync(path)) {
    throw new Error(`Chromium not found at ${path}. Install it with: sudo apt-get install -y chromium (or set HAVEN_CHROMIUM to its path)`);
  }
}
