import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExerciseStatus } from '../../src/core/exercises/exercise-api.schema.js';
import { haven } from '../support/cli-runner.js';

describe('haven exercise', () => {
  let dir: string;
  let database: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'haven-exercise-cli-'));
    database = join(dir, 'haven.db');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('lists the scripts, starts one, runs it inject by inject, shows the status and writes the review page', { timeout: 120_000 }, async () => {
    const scripts = await haven(['exercise', 'list-scripts'], { database });
    expect(scripts.code, scripts.stderr).toBe(0);
    expect(scripts.stdout).toMatch(/^lake-chad-lake-shield\tEXERCISE Lake Shield.*\t240 min\t13 injects\t/m);
    expect(scripts.stdout).toMatch(/^corridor-ceasefire-open-road\t/m);

    const started = await haven(['exercise', 'start', 'corridor-ceasefire-open-road', '--json'], { database });
    expect(started.code, started.stderr).toBe(0);
    const status = JSON.parse(started.stdout) as ExerciseStatus;
    expect(status).toMatchObject({ run: 1, clock: { status: 'not_started' }, released: [] });

    const run = await haven(['exercise', 'run', status.id, '--step', '--speed', '30'], { database });
    expect(run.code, run.stderr).toBe(0);
    const released = run.stdout.split('\n').filter((l) => /^min \d+\t/.test(l));
    expect(released).toHaveLength(13);
    expect(released[0]).toMatch(/^min 0\tagreement\t/);
    expect(released.some((l) => /\tforce_request\t.*\tforce_request [0-9a-f-]{36}$/.test(l))).toBe(true);
    expect(run.stdout).toMatch(/run 1: 13 inject\(s\) released/);

    const shown = await haven(['exercise', 'status', status.id], { database });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/run 1, running, ×30/);
    expect(shown.stdout).toContain('every inject of the run is released');

    const text = await haven(['exercise', 'review', status.id], { database });
    expect(text.code, text.stderr).toBe(0);
    // Three force requests released and none decided: the review says so.
    expect(text.stdout).toMatch(/^EXERCISE — .*, run 1: 3 decision\(s\), 0 departure\(s\)/);
    expect(text.stdout.split('\n').filter((l) => l.includes('not decided'))).toHaveLength(3);

    const page = join(dir, 'review.html');
    expect((await haven(['exercise', 'review', status.id, '-o', page], { database })).code).toBe(0);
    expect(await readFile(page, 'utf8')).toContain('class="exercise-banner"');
  });
});
