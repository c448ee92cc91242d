import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildServer, type ServerOptions } from '../../src/api/server.js';
import { type Actor, type AppContext } from '../../src/application/app-context.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { createUserAsOperator } from '../../src/application/auth.service.js';
import { ROLES, type Role } from '../../src/core/access-control.js';
import type { DatabaseKind } from '../../src/store/database.js';
import { openTestStore, type TestStore } from './databases.js';

export const PASSWORD = 'correct horse battery staple';

export interface ApiHarness {
  app: FastifyInstance;
  ctx: AppContext;
  test: TestStore;
  /** The server's evidence directory: a temporary one of its own. */
  evidenceDir: string;
  /** One user per role, created with PASSWORD. */
  users: Record<Role, Actor>;
  /** A cookie header for a fresh session of the given role's user. */
  sessionOf(role: Role): Promise<string>;
  call(options: InjectOptions & { as?: Role }): Promise<Awaited<ReturnType<FastifyInstance['inject']>>>;
  /** The import job once it has stopped running, as its owner (or an administrator) reads it. */
  importJobWhenDone(id: string, as: Role): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** A server on its own empty database of the given kind, with a user per role. */
export async function openApiHarness(kind: DatabaseKind, serverOptions: ServerOptions = {}): Promise<ApiHarness> {
  const test = await openTestStore(kind);
  const evidenceDir = await mkdtemp(join(tmpdir(), 'haven-evidence-'));
  const ctx = createAppContext(test.store, { evidenceDir });
  const users = {} as Record<Role, Actor>;
  for (const role of ROLES) {
    const user = await createUserAsOperator(ctx, { username: `${role}-user`, displayName: `A ${role}`, role, password: PASSWORD });
    users[role] = { id: user.id, username: user.username, role };
  }
  const app = await buildServer(ctx, serverOptions);
  const sessions = new Map<Role, string>();
  const sessionOf = async (role: Role) => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: `${role}-user`, password: PASSWORD } });
    if (response.statusCode !== 200) throw new Error(`login as ${role} failed: ${response.body}`);
    const cookie = response.cookies.find((c) => c.name === 'haven_session')!;
    return `${cookie.name}=${cookie.value}`;
  };
  const harness: ApiHarness = {
    app,
    ctx,
    test,
    evidenceDir,
    users,
    sessionOf,
    async call({ as, ...options }) {
      const headers = { ...(options.headers ?? {}) };
      if (as) {
        if (!sessions.has(as)) sessions.set(as, await sessionOf(as));
        headers.cookie = sessions.get(as)!;
      }
      return app.inject({ ...options, headers });
    },
    async importJobWhenDone(id, as) {
      for (let i = 0; i < 400; i++) {
        const job = (await harness.call({ method: 'GET', url: `/api/v1/imports/${id}`, as })).json<Record<string, unknown>>();
        if (job.status !== 'running') return job;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`import job ${id} did not finish`);
    },
    async close() {
      await app.close();
      await test.cleanup();
      await rm(evidenceDir, { recursive: true, force: true });
    },
  };
  return harness;
}
