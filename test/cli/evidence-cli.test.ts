import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor } from '../../src/application/app-context.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { receiveEvidence, stageEvidenceFile, type EvidenceItem } from '../../src/application/evidence.service.js';
import { FileEvidenceStore } from '../../src/infrastructure/evidence-store.js';
import { openStore } from '../../src/store/store.js';
import { haven } from '../support/cli-runner.js';
import { png } from '../support/evidence-files.js';

const investigator: Actor = { id: 'cli-investigator', username: 'cli-investigator', role: 'investigator' };

describe('haven evidence verify', () => {
  let dir: string;
  let database: string;
  let evidenceDir: string;
  let item: EvidenceItem;
  const run = (...args: string[]) => haven(['--ledger-key', join(dir, 'ledger-key.pem'), '--evidence-dir', evidenceDir, 'evidence', 'verify', ...args], { database });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-evidence-cli-'));
    database = join(dir, 'haven.db');
    evidenceDir = join(dir, 'evidence');
    const store = await openStore(database);
    try {
      const ctx = createAppContext(store, { evidenceDir, ledgerKeyFile: join(dir, 'ledger-key.pem') });
      const staged = await stageEvidenceFile(ctx, investigator, Readable.from([png({ metadata: true })]));
      item = await receiveEvidence(ctx, investigator, staged, {}, { declaredName: 'scene.png', ip: null });
    } finally {
      await store.connection.close();
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('passes while every original matches its hash, and exits 2 naming the item once one is altered', async () => {
    const good = await run();
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/evidence verified: 1 item, /);

    const stored = new FileEvidenceStore(evidenceDir).pathOf('originals', item.sha256);
    await chmod(stored, 0o644);
    await writeFile(stored, png({ metadata: false }));
    const bad = await run();
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`ALTERED: the original of evidence item ${item.id} (scene.png)`);
    expect(bad.stderr).toMatch(/evidence verification FAILED: 0 of 1 items intact/);

    const json = await run('--json');
    expect(json.code).toBe(2);
    expect((JSON.parse(json.stdout) as { ok: boolean; files: { problem: string }[] }).files.map((f) => f.problem)).toEqual(['altered']);
  });
});
