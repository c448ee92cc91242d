import { mkdtemp, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type AppContext } from '../../src/application/app-context.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { backupDatabase, restoreDatabase } from '../../src/application/backup.service.js';
import { evidenceSidecarOf } from '../../src/application/evidence-backup.js';
import { getEvidence, listEvidence, receiveEvidence, stageEvidenceFile, transferEvidence, verifyEvidence, type EvidenceItem } from '../../src/application/evidence.service.js';
import { verifyLedger } from '../../src/application/ledger.service.js';
import { FileEvidenceStore } from '../../src/infrastructure/evidence-store.js';
import { DATABASES, openTestStore, type TestStore } from '../support/databases.js';
import { jpegWithMetadata, png } from '../support/evidence-files.js';

const investigator: Actor = { id: 'backup-investigator', username: 'backup-investigator', role: 'investigator' };
const operator: Actor = { id: 'cli:test', username: 'cli:test', role: 'administrator' };

async function receive(ctx: AppContext, data: Buffer, name: string): Promise<EvidenceItem> {
  const staged = await stageEvidenceFile(ctx, investigator, Readable.from([data]));
  return receiveEvidence(ctx, investigator, staged, { source: 'field team' }, { declaredName: name, ip: '192.0.2.7' });
}

describe.each(DATABASES)('evidence in a backup from %s', (kind) => {
  let dir: string;
  let source: TestStore;
  let ctx: AppContext;
  let items: EvidenceItem[];
  let file: string;
  const photo = jpegWithMetadata({ make: 'Acme', model: 'W3', dateTimeOriginal: '2024:01:02 03:04:05', lat: 1.5, lon: 2.5 });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-evidence-backup-'));
    source = await openTestStore(kind);
    ctx = createAppContext(source.store, { evidenceDir: join(dir, 'source-evidence') });
    items = [await receive(ctx, photo, 'photo.jpg'), await receive(ctx, png({ metadata: true }), 'map.png'), await receive(ctx, Buffer.from('statement\n'), 'statement.txt')];
    await transferEvidence(ctx, investigator, items[0]!.id, { toPerson: 'Prosecutor', reason: 'for the file' });
    file = join(dir, 'backup.haven.gz');
    const header = await backupDatabase(ctx, file);
    expect(header.evidence).toEqual({ files: 6, mismatched: [] });
  });
  afterAll(async () => {
    await source?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(DATABASES)('restores into an empty %s database and an empty evidence directory; evidence and ledger verify', async (targetKind) => {
    const target = await openTestStore(targetKind);
    try {
      const evidenceDir = join(dir, `restored-${targetKind}`);
      const restored = createAppContext(target.store, { evidenceDir });
      await restoreDatabase(restored, operator, file);
      const report = await verifyEvidence(restored, investigator);
      expect(report).toMatchObject({ ok: true, items: 3, intact: 3, files: [], ledger: { ok: true } });
      expect((await verifyLedger(restored, investigator)).ok).toBe(true);
      expect((await listEvidence(restored, investigator, {})).map((i) => i.sha256).sort()).toEqual(items.map((i) => i.sha256).sort());
      const again = await getEvidence(restored, investigator, items[0]!.id);
      expect(again.custody.map((e) => e.kind)).toEqual(['received', 'copied', 'transferred', 'verified']);
      expect((await readFile(new FileEvidenceStore(evidenceDir).pathOf('originals', items[0]!.sha256))).equals(photo)).toBe(true);
    } finally {
      await target.cleanup();
    }
  });

  it('refuses to restore, changing nothing, when an evidence file of the backup is missing or altered', async () => {
    const target = await openTestStore(kind);
    try {
      const restored = createAppContext(target.store, { evidenceDir: join(dir, 'refused') });
      const sidecarFile = new FileEvidenceStore(evidenceSidecarOf(file)).pathOf('originals', items[1]!.sha256);
      const good = await readFile(sidecarFile);
      await chmod(sidecarFile, 0o644);
      await writeFile(sidecarFile, Buffer.concat([good, Buffer.from('x')]));
      try {
        await expect(restoreDatabase(restored, operator, file)).rejects.toThrow(/does not match its hash/);
      } finally {
        await writeFile(sidecarFile, good);
      }
      expect(await listEvidence(restored, investigator, {})).toEqual([]);
    } finally {
      await target.cleanup();
    }
  });
});
