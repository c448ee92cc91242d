import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_BUNDLE } from './cli-bundle.js';

const ROOT = new URL('../../', import.meta.url).pathname;
/** Key files and evidence of the commands run by this test file: never the checkout's own data/ directory. */
const KEYS = mkdtempSync(join(tmpdir(), 'haven-cli-keys-'));

/** Runs the real `haven` command in a child process, as a user at the shell would. */
export function haven(args: string[], options: { database: string; stdin?: string }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BUNDLE, '--database', options.database, ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        HAVEN_DATABASE_URL: '',
        HAVEN_LEDGER_KEY_FILE: process.env.HAVEN_LEDGER_KEY_FILE ?? join(KEYS, 'ledger-key.pem'),
        HAVEN_MASTER_KEY_FILE: process.env.HAVEN_MASTER_KEY_FILE ?? join(KEYS, 'master-key'),
        HAVEN_EVIDENCE_DIR: process.env.HAVEN_EVIDENCE_DIR ?? join(KEYS, 'evidence'),
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
