import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { masterKeyFrom, newMasterKey, SensitiveKeyError, staticKeyring, type MasterKey, type MasterKeyring } from '../store/sensitive-envelope.js';
import { makePrivateDirSync } from '../infrastructure/private-files.js';
import { createFileAtomically } from '../infrastructure/atomic-file.js';

/**
 * Where the master keys for sensitive details come from: a key file (created with owner-only permissions on first
 * use, like the ledger key) or the environment. Never the database, never the repository.
 *
 * Key file format (text):
 *
 *   # comment lines and blank lines are ignored
 *   mk-<16 hex> <base64 of 32 bytes>     ← the first key is current: new data keys are wrapped with it
 *   mk-<16 hex> <base64 of 32 bytes>     ← older keys, kept readable while `haven keys rotate` re-wraps
 *
 * A key's id is derived from the key itself, so a mistyped id is caught on load. During a rotation the file holds
 * the new key first and the old ones after it; a running server notices the change (it checks the file at most once
 * a second before wrapping, and re-reads it whenever it meets a key id it does not know), so it keeps reading both
 * and wraps new records with the new key. When every data key is re-wrapped, rotation rewrites the file with the
 * new key alone.
 *
 * HAVEN_MASTER_KEY (base64 of 32 bytes; a comma-separated list during a rotation, current first) replaces the file.
 */

export const DEFAULT_MASTER_KEY_FILE = 'data/master-key';
const HEADER = [
  '# Haven master keys for sensitive details (names of victims, witnesses, sources). Keep this file secret, with',
  '# owner-only permissions, and back it up apart from the database: without it the sensitive details are lost.',
  '# One key a line, "<id> <base64>"; the first is current, any others are being rotated out by `haven keys rotate`.',
];

export function parseKeyFile(text: string, file: string): MasterKey[] {
  const keys: MasterKey[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [id, encoded, ...rest] = line.split(/\s+/);
    const key = encoded ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
    if (!id || rest.length > 0 || key.length !== 32) throw new SensitiveKeyError(`${file}:${index + 1}: expected "<key id> <base64 of 32 bytes>"`);
    const master = masterKeyFrom(key);
    if (master.id !== id) throw new SensitiveKeyError(`${file}:${index + 1}: key id ${id} does not match its key (expected ${master.id})`);
    keys.push(master);
  });
  if (keys.length === 0) throw new SensitiveKeyError(`${file} holds no master key`);
  return keys;
}

export function formatKeyFile(keys: readonly MasterKey[]): string {
  return [...HEADER, ...keys.map((k) => `${k.id} ${k.key.toString('base64')}`), ''].join('\n');
}

/** Write-then-rename, so a reader (the running server) sees the old file or the new one, never half of one. */
export function writeKeyFile(file: string, keys: readonly MasterKey[]): void {
  makePrivateDirSync(dirname(file));
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, formatKeyFile(keys), { mode: 0o600 });
  renameSync(temporary, file);
}

export function readKeyFile(file: string): MasterKey[] {
  return parseKeyFile(readFileSync(file, 'utf8'), file);
}

function createKeyFile(file: string): void {
  // If another process created it first, theirs is used.
  createFileAtomically(file, formatKeyFile([newMasterKey()]), 0o600);
}

/** A rotation replaces the file (write, then rename), so its inode changes even within the same millisecond. */
function versionOf(file: string): string {
  const stat = statSync(file);
  return `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
}

/** The keyring of a key file, created on first use, that follows changes a rotation makes to the file. */
export class FileKeyring implements MasterKeyring {
  private keys: MasterKey[] | undefined;
  private byIdMap = new Map<string, MasterKey>();
  private version = '';
  private checkedAt = 0;

  constructor(
    readonly file: string,
    private readonly clock: () => number = Date.now,
  ) {}

  private load(): MasterKey[] {
    if (!existsSync(this.file)) createKeyFile(this.file);
    this.version = versionOf(this.file);
    this.checkedAt = this.clock();
    this.keys = readKeyFile(this.file);
    this.byIdMap = new Map(this.keys.map((k) => [k.id, k]));
    return this.keys;
  }

  get current(): MasterKey {
    if (this.keys && this.clock() - this.checkedAt >= 1000) {
      this.checkedAt = this.clock();
      if (versionOf(this.file) !== this.version) this.load();
    }
    return (this.keys ?? this.load())[0]!;
  }

  byId(id: string): MasterKey | undefined {
    if (!this.keys) this.load();
    return this.byIdMap.get(id) ?? (this.load(), this.byIdMap.get(id));
  }
}

export function keysFromEnvironment(value: string): MasterKey[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part, index) => {
      const key = Buffer.from(part, 'base64');
      if (key.length !== 32) throw new SensitiveKeyError(`HAVEN_MASTER_KEY: key ${index + 1} is not base64 of 32 bytes`);
      return masterKeyFrom(key);
    });
}

export type MasterKeySource = { kind: 'environment'; keys: MasterKey[] } | { kind: 'file'; file: string };

/** The environment wins over the file, so a deployment can keep the key out of the file system altogether. */
export function masterKeySource(file: string | undefined, env: NodeJS.ProcessEnv = process.env): MasterKeySource {
  const fromEnv = env.HAVEN_MASTER_KEY;
  if (fromEnv) return { kind: 'environment', keys: keysFromEnvironment(fromEnv) };
  return { kind: 'file', file: file || env.HAVEN_MASTER_KEY_FILE || DEFAULT_MASTER_KEY_FILE };
}

export function keyringOf(source: MasterKeySource): MasterKeyring {
  return source.kind === 'environment' ? staticKeyring(source.keys) : new FileKeyring(source.file);
}
