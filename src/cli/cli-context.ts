import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { type Actor, type AppContext } from '../application/app-context.js';
import { openAppContext } from '../composition/app-context.js';
import { DomainError } from '../core/errors.js';
import { keyringOf, masterKeySource } from '../application/master-keys.js';

export const DEFAULT_DATABASE = 'data/haven.db';

export function databaseUrl(option: string | undefined): string {
  return option || process.env.HAVEN_DATABASE_URL || DEFAULT_DATABASE;
}

/** The ledger's signing key lives in a file of its own, beside the data, never in the database. */
export function ledgerKeyFile(option: string | undefined): string {
  return option || process.env.HAVEN_LEDGER_KEY_FILE || 'data/ledger-key.pem';
}

/** The X25519 key for receiving sync bundles: beside the ledger key unless told otherwise. */
export function syncKeyFile(ledgerKey: string): string {
  return process.env.HAVEN_SYNC_KEY_FILE || join(dirname(ledgerKey), 'sync-key.pem');
}

/** Evidence files (originals and working copies) live on disk beside the database, never in it. */
export function evidenceDirectory(option: string | undefined): string {
  return option || process.env.HAVEN_EVIDENCE_DIR || 'data/evidence';
}

/** The operator at the shell: trusted like an administrator, recorded under their login name. */
export function operator(): Actor {
  const name = `cli:${userInfo().username}`;
  return { id: name, username: name, role: 'administrator' };
}

/** The master keys for sensitive details: HAVEN_MASTER_KEY, else the key file (created on first use). */
export function masterKeysOf(masterKeyFile: string | undefined) {
  const keyring = keyringOf(masterKeySource(masterKeyFile));
  return () => keyring;
}

export interface CliKeys {
  ledgerKey?: string | undefined;
  masterKeyFile?: string | undefined;
  evidenceDir?: string | undefined;
}

export async function withContext<T>(database: string | undefined, work: (ctx: AppContext) => Promise<T>, keys: CliKeys = {}): Promise<T> {
  const ledgerKey = ledgerKeyFile(keys.ledgerKey);
  const app = await openAppContext(databaseUrl(database), {
    masterKeys: masterKeysOf(keys.masterKeyFile),
    ledgerKeyFile: ledgerKey,
    syncKeyFile: syncKeyFile(ledgerKey),
    evidenceDir: evidenceDirectory(keys.evidenceDir),
  });
  try {
    return await work(app.ctx);
  } finally {
    await app.close();
  }
}

/** The program's global options as each command reads them when it runs, and Haven opened with them. */
export interface CliGlobals {
  /** --database as given: the environment or the default decides when it is absent (see databaseUrl). */
  database: () => string | undefined;
  ledgerKey: () => string | undefined;
  masterKeyFile: () => string | undefined;
  evidenceDir: () => string;
  inContext: <T>(work: (ctx: AppContext) => Promise<T>) => Promise<T>;
}

export function globalsOf(program: Command): CliGlobals {
  const options = () => program.opts<{ database?: string; ledgerKey?: string; masterKey?: string; evidenceDir?: string }>();
  const globals: CliGlobals = {
    database: () => options().database,
    ledgerKey: () => options().ledgerKey,
    masterKeyFile: () => options().masterKey,
    evidenceDir: () => evidenceDirectory(options().evidenceDir),
    inContext: (work) => withContext(globals.database(), work, { ledgerKey: globals.ledgerKey(), masterKeyFile: globals.masterKeyFile(), evidenceDir: globals.evidenceDir() }),
  };
  return globals;
}

/** Standard input, whole, as text (a password, or a JSON file given as -). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A JSON document from a file, or from standard input for -; a file that is not JSON is refused by name. */
export async function readJsonInput(file: string): Promise<unknown> {
  const text = file === '-' ? await readStdin() : readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${file} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** The package root, whether running from `src/` (tsx) or from the compiled `dist/src/`. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the Haven package root');
    dir = parent;
  }
  return resolve(dir);
}

/** Haven's version, from its package.json. */
export function havenVersion(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? 'unknown';
}

/** Domain errors are the user's to fix: print them plainly, with each field, and exit 1. */
export function reportError(error: unknown): never {
  if (error instanceof DomainError) {
    console.error(`haven: ${error.message}`);
    // The message often names the first problem already: each is printed once.
    for (const issue of error.issues) {
      const line = `${issue.path || '(input)'}: ${issue.message}`;
      if (!error.message.includes(line)) console.error(`  ${line}`);
    }
  } else {
    console.error(`haven: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
}

/** A command's answer: the API's JSON with --json, else its lines of text. */
export function printOr(json: boolean | undefined, value: unknown, text: () => string[]): void {
  console.log(json ? JSON.stringify(value, null, 2) : text().join('\n'));
}
