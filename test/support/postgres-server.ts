/**
 * A PostgreSQL server with PostGIS for the tests, in order of preference:
 *   1. the one named by HAVEN_TEST_PG_URL;
 *   2. the local one at postgres://postgres@127.0.0.1:5432 (HAVEN_TEST_PG_PROBE_URL overrides the address tried);
 *   3. a throwaway cluster started from the installed binaries in a temp dir, stopped and removed by stop().
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const PROBE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const INSTALL = 'sudo apt-get install -y postgresql-15 postgresql-15-postgis-3';

export interface PostgresServer {
  url: string;
  stop(): Promise<void>;
}

export async function ensurePostgres(): Promise<PostgresServer> {
  const given = process.env.HAVEN_TEST_PG_URL;
  if (given) {
    await requirePostgis(given);
    return { url: given, stop: async () => {} };
  }
  const probe = process.env.HAVEN_TEST_PG_PROBE_URL || PROBE_URL;
  try {
    await withClient(probe, (c) => c.query('select 1'));
  } catch (error) {
    console.log(`PostgreSQL at ${probe} is not usable (${reason(error)}); starting a throwaway cluster.`);
    return startThrowawayCluster(probe);
  }
  await requirePostgis(probe);
  return { url: probe, stop: async () => {} };
}

/** A fresh database `haven_test_<hex>` with PostGIS on the server; `drop()` removes it even if connections remain. */
/**
 * A new database for one test store, copied from a template (`create database … template`, a file copy, well under a
 * second) instead of creating PostGIS and running every migration again in each of some hundred test databases.
 */
export async function createTestDatabase(serverUrl: string, template: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `haven_test_${randomBytes(6).toString('hex')}`;
  await withClient(serverUrl, (c) => c.query(`create database ${name} template ${template}`));
  return { url: databaseUrl(serverUrl, name), drop: () => dropDatabase(serverUrl, name) };
}

/**
 * The two templates of a test run: PostGIS alone (for tests that build an older schema first) and PostGIS with every
 * migration. Made once by global setup; nobody stays connected to a template, so copies of it can be made at once.
 */
export async function createTemplateDatabases(serverUrl: string, migrate: (url: string) => Promise<void>): Promise<{ postgis: string; migrated: string; drop(): Promise<void> }> {
  const run = randomBytes(4).toString('hex');
  const postgis = `haven_template_postgis_${run}`;
  const migrated = `haven_template_migrated_${run}`;
  const drop = async () => {
    await dropDatabase(serverUrl, migrated);
    await dropDatabase(serverUrl, postgis);
  };
  try {
    await withClient(serverUrl, (c) => c.query(`create database ${postgis}`));
    await withClient(databaseUrl(serverUrl, postgis), (c) => c.query('create extension if not exists postgis'));
    await withClient(serverUrl, (c) => c.query(`create database ${migrated} template ${postgis}`));
    await migrate(databaseUrl(serverUrl, migrated));
  } catch (error) {
    await drop();
    throw error;
  }
  return { postgis, migrated, drop };
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.href;
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(serverUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function requirePostgis(url: string): Promise<void> {
  const { available, major } = await withClient(url, async (c) => ({
    available: ((await c.query(`select 1 from pg_available_extensions where name = 'postgis'`)).rowCount ?? 0) > 0,
    major: Math.floor(Number((await c.query('show server_version_num')).rows[0].server_version_num) / 10000),
  }));
  if (!available) {
    throw new Error(
      `PostgreSQL ${major} at ${url} has no PostGIS. Install it with: sudo apt-get install -y postgresql-${major}-postgis-3`,
    );
  }
}

async function startThrowawayCluster(probe: string): Promise<PostgresServer> {
  const bin = findPostgresBin(probe);
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'haven-pg-'));
  if (asRoot) chownSync(dir, ...postgresUser());
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  // initdb refuses to run as root, so root runs the binaries as the postgres system user.
  const command = (name: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, name), ...args]] : [join(bin, name), args];

  // If the test process dies without calling stop(), don't leave a server running.
  const onExit = () => {
    try {
      execFileSync(...command('pg_ctl', ['stop', '-D', data, '-m', 'immediate']), { stdio: 'ignore' });
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    try {
      if (existsSync(join(data, 'postmaster.pid'))) await run(...command('pg_ctl', ['stop', '-D', data, '-m', 'fast']));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  try {
    await run(...command('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']));
    process.on('exit', onExit);
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await run(...command('pg_ctl', ['start', '-w', '-D', data, '-l', log, '-o', options]));
  } catch (error) {
    const serverLog = existsSync(log) ? `\nserver log:\n${readFileSync(log, 'utf8')}` : '';
    await stop().catch(() => {});
    throw new Error(`could not start a throwaway PostgreSQL from ${bin}: ${reason(error)}${serverLog}`, { cause: error });
  }
  try {
    await requirePostgis(url);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

/** The bin directory of the highest installed PostgreSQL version that has initdb and pg_ctl. */
function findPostgresBin(probe: string): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
  const bin = versions
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(root, v, 'bin'))
    .find((b) => existsSync(join(b, 'initdb')) && existsSync(join(b, 'pg_ctl')));
  if (!bin) {
    throw new Error(
      `No PostgreSQL for the tests: nothing usable answers at ${probe}, HAVEN_TEST_PG_URL is not set, ` +
        `and there is no initdb/pg_ctl under ${root}/*/bin. Install them with: ${INSTALL}`,
    );
  }
  return bin;
}

function postgresUser(): [uid: number, gid: number] {
  const entry = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((line) => line.startsWith('postgres:'))
    ?.split(':');
  if (!entry) throw new Error(`Running as root needs the postgres system user to run initdb. Create it with: ${INSTALL}`);
  return [Number(entry[2]), Number(entry[3])];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function reason(error: unknown): string {
  return error instanceof Error ? (error.message || error.name).trim() : String(error);
}
