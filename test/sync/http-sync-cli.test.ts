import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import type { Actor, AppContext } from '../../src/application/app-context.js';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import { getIncident, recordIncident } from '../../src/application/incident.service.js';
import { FileKeyring } from '../../src/application/master-keys.js';
import { addPeer, identityBlock } from '../../src/application/sync.service.js';
import { createSyncToken } from '../../src/application/sync-network.service.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { openStore, type Store } from '../../src/store/store.js';
import { haven } from '../support/cli-runner.js';
import { validIncident } from '../support/incident-fixtures.js';

/**
 * `haven sync pull|push|run` as an operator runs them at a field office (the command, its own SQLite database and
 * keys) against a headquarters server listening on loopback.
 */
describe('haven sync pull, push and run over HTTP(S)', () => {
  let dir: string;
  let hqStore: Store;
  let hqCtx: AppContext;
  let hqUser: Actor;
  let server: FastifyInstance;
  let url: string;
  let fieldIncident: string;
  const field = {
    database: () => join(dir, 'field.db'),
    args: () => ['--ledger-key', join(dir, 'field', 'ledger-key.pem'), '--master-key', join(dir, 'field', 'master-key'), '--evidence-dir', join(dir, 'field', 'evidence')],
  };
  const run = (args: string[], stdin?: string) => haven([...field.args(), 'sync', ...args], { database: field.database(), ...(stdin !== undefined && { stdin }) });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-http-sync-cli-'));
    const fieldKeys = new FileKeyring(join(dir, 'field', 'master-key'));
    const fieldStore = await openStore(field.database(), { masterKeys: () => fieldKeys });
    try {
      const ctx = createAppContext(fieldStore, { ledgerKeyFile: join(dir, 'field', 'ledger-key.pem') });
      const user = await createUserAsOperator(ctx, { username: 'investigator-field', displayName: 'An investigator', role: 'investigator', password: 'correct horse battery staple' });
      fieldIncident = (await recordIncident(ctx, { id: user.id, username: user.username, role: 'investigator' }, { ...validIncident(), title: 'Seen by the field office' })).id;
    } finally {
      await fieldStore.connection.close();
    }
    const hqKeys = new FileKeyring(join(dir, 'hq', 'master-key'));
    hqStore = await openStore(join(dir, 'hq.db'), { masterKeys: () => hqKeys });
    hqCtx = createAppContext(hqStore, { ledgerKeyFile: join(dir, 'hq', 'ledger-key.pem'), syncKeyFile: join(dir, 'hq', 'sync-key.pem'), evidenceDir: join(dir, 'hq', 'evidence'), instanceName: 'hq' });
    const created = await createUserAsOperator(hqCtx, { username: 'investigator-hq', displayName: 'An investigator', role: 'investigator', password: 'correct horse battery staple' });
    hqUser = { id: created.id, username: created.username, role: 'investigator' };
    server = await buildServer(hqCtx);
    url = await server.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await hqStore?.connection.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('exchanges both ways with a token made for the peer, and says plainly what went wrong otherwise', async () => {
    const operator: Actor = { id: hqUser.id, username: 'operator', role: 'administrator' };
    const identity = await run(['identity']);
    expect(identity.code, identity.stderr).toBe(0);
    await addPeer(hqCtx, operator, { name: 'field', block: identity.stdout });
    await writeFile(join(dir, 'hq.identity'), identityBlock(hqCtx));
    expect((await run(['peers', 'add', 'hq', join(dir, 'hq.identity')])).code).toBe(0);
    const token = await createSyncToken(hqCtx, operator, { peer: 'field', username: 'investigator-hq' });
    await writeFile(join(dir, 'hq.token'), `${token.secret}\n`, { mode: 0o600 });
    const hqIncident = (await recordIncident(hqCtx, hqUser, { ...validIncident(), title: 'Seen at headquarters' })).id;
    const common = ['--peer', 'hq', '--url', url, '--token-file', join(dir, 'hq.token'), '--as', 'investigator-field'];

    const exchanged = await run(['run', ...common]);
    expect(exchanged.code, exchanged.stderr).toBe(0);
    expect(exchanged.stdout).toContain(`created   incident ${hqIncident}`);
    expect(exchanged.stdout).toMatch(/sent 1 incidents/);
    expect(exchanged.stdout).toContain(`created   incident ${fieldIncident}`);
    expect((await getIncident(hqCtx, hqUser, fieldIncident)).title).toBe('Seen by the field office');

    // Again: nothing more travels either way.
    const again = await run(['run', ...common, '--json']);
    expect(again.code, again.stderr).toBe(0);

    await writeFile(join(dir, 'wrong.token'), 'haven_not-a-token-at-all\n');
    const refused = await run(['push', ...common.slice(0, 4), '--token-file', join(dir, 'wrong.token'), '--retries', '0']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refused the token (401)');

    const plain = await run(['pull', '--peer', 'hq', '--url', 'http://hq.example.org', '--token-file', join(dir, 'hq.token')]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('must be https://');

    const unreachable = await run(['pull', '--peer', 'hq', '--url', 'http://127.0.0.1:9', '--token-file', join(dir, 'hq.token'), '--retries', '0']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('cannot reach http://127.0.0.1:9');
    // Nine commands, each a process of its own: allow for a loaded machine.
  }, 150_000);
});
