import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type AppContext } from '../../src/application/app-context.js';
import { createAppContext } from '../../src/composition/app-context.js';
import { backupDatabase, restoreDatabase } from '../../src/application/backup.service.js';
import { createSite, deleteSite, updateSite } from '../../src/application/site.service.js';
import type { Site } from '../../src/core/places/site.schema.js';
import { DATABASES, openTestStore, type TestStore } from '../support/databases.js';

const analyst: Actor = { id: 'places-analyst', username: 'places-analyst', role: 'analyst' };

/** Spherical law of cosines: not the formula under test. */
function cosineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = Math.PI / 180;
  const c = Math.sin(a.lat * r) * Math.sin(b.lat * r) + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.cos((b.lon - a.lon) * r);
  return 6371.0088 * Math.acos(Math.min(1, Math.max(-1, c)));
}

/** A square area of half-side `half` degrees around a centre. */
const square = (lon: number, lat: number, half: number) => ({
  type: 'Polygon' as const,
  coordinates: [[[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half], [lon - half, lat + half], [lon - half, lat - half]]],
});

describe.each(DATABASES)('the site register and its spatial index on %s', (kind) => {
  let t: TestStore;
  let ctx: AppContext;
  const sites: Site[] = [];
  const db = () => ctx.store.connection.db;

  beforeAll(async () => {
    t = await openTestStore(kind);
    ctx = createAppContext(t.store);
    // 1,200 sites (more than one page of the streaming read) scattered over a region, a tenth of them areas, and a few
    // on both sides of the antimeridian.
    const rng = fc.sample(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { numRuns: 1200, seed: 42 });
    const inputs = rng.map(([a, b, c], i) => {
      const lon = 30 + a * 2;
      const lat = 48 + b * 2;
      const geometry = i % 10 === 0 ? square(lon, lat, 0.005 + c * 0.05) : { type: 'Point' as const, coordinates: [lon, lat] };
      return { name: `Site ${i}`, category: i % 10 === 0 ? 'displacement_camp' : 'school', geometry, source: { dataset: 'grid', externalId: `s${i}` } };
    });
    inputs.push(
      { name: 'East of the date line', category: 'water', geometry: { type: 'Point', coordinates: [179.9, -17] }, source: { dataset: 'grid', externalId: 'east' } },
      { name: 'West of the date line', category: 'water', geometry: { type: 'Point', coordinates: [-179.9, -17] }, source: { dataset: 'grid', externalId: 'west' } },
    );
    for (const input of inputs) sites.push(await createSite(ctx, analyst, input));
  }, 180_000);
  afterAll(() => t?.cleanup());

  it('finds exactly the sites a brute-force search finds, for many points and radii', async () => {
    const probes = fc.sample(fc.record({ lon: fc.double({ min: 29.8, max: 32.2, noNaN: true }), lat: fc.double({ min: 47.8, max: 50.2, noNaN: true }), r: fc.double({ min: 0.5, max: 25, noNaN: true }) }), { numRuns: 25, seed: 7 });
    for (const { lon, lat, r } of probes) {
      const point = { lat, lon };
      const found = await ctx.store.sites.near(db(), point, r);
      const expected = sites.filter((s) => Math.max(0, cosineKm(point, s) - s.radiusKm) <= r - 1e-6).map((s) => s.id);
      const borderline = sites.filter((s) => Math.abs(Math.max(0, cosineKm(point, s) - s.radiusKm) - r) < 1e-6).map((s) => s.id);
      const got = found.map((n) => n.site.id).filter((id) => !borderline.includes(id));
      expect(got.sort()).toEqual(expected.filter((id) => !borderline.includes(id)).sort());
    }
  });

  it('streams every site in a box, page after page, and splits a box across the antimeridian', async () => {
    const all: Site[] = [];
    for await (const site of ctx.store.sites.withinBox(db(), [29, 47, 33, 51])) all.push(site);
    expect(all.length).toBe(1200);
    expect(new Set(all.map((s) => s.id)).size).toBe(1200);
    const dateLine: string[] = [];
    for await (const site of ctx.store.sites.withinBox(db(), [179, -18, -179, -16])) dateLine.push(site.name);
    expect(dateLine.sort()).toEqual(['East of the date line', 'West of the date line']);
    const near = await ctx.store.sites.near(db(), { lat: -17, lon: 179.95 }, 10);
    expect(near.map((n) => n.site.name)).toEqual(['East of the date line']);
    expect(await ctx.store.sites.count(db(), { bbox: [29, 47, 33, 51], category: 'displacement_camp' })).toBe(120);
  });

  it('moves a site in the index when it is edited, and drops it when it is deleted', async () => {
    const site = await createSite(ctx, analyst, { name: 'Mobile clinic', category: 'health_facility', geometry: { type: 'Point', coordinates: [10, 10] }, source: { dataset: 'moves' } });
    const moved = await updateSite(ctx, analyst, site.id, { ...site, geometry: { type: 'Point', coordinates: [11, 11] } });
    expect(moved.version).toBe(2);
    expect((await ctx.store.sites.near(db(), { lat: 10, lon: 10 }, 5)).map((n) => n.site.id)).not.toContain(site.id);
    expect((await ctx.store.sites.near(db(), { lat: 11, lon: 11 }, 5)).map((n) => n.site.id)).toContain(site.id);
    await expect(updateSite(ctx, analyst, site.id, { ...site, name: 'Stale edit' })).rejects.toMatchObject({ code: 'conflict' });
    await deleteSite(ctx, analyst, site.id, 2);
    expect((await ctx.store.sites.near(db(), { lat: 11, lon: 11 }, 5)).map((n) => n.site.id)).not.toContain(site.id);
    const audit = await ctx.store.audit.forEntity(db(), 'protected_site', site.id);
    expect(audit.map((a) => a.action)).toEqual(['protected_site.create', 'protected_site.update', 'protected_site.delete']);
    expect(audit[1]!.changes).toHaveProperty('geometry');
  });

  it.each(DATABASES)('backs up the registers and restores them into %s with a working spatial index', async (targetKind) => {
    const dir = await mkdtemp(join(tmpdir(), 'haven-places-backup-'));
    const target = await openTestStore(targetKind);
    try {
      const file = join(dir, 'places.haven.gz');
      await backupDatabase(ctx, file);
      const targetCtx = createAppContext(target.store);
      await restoreDatabase(targetCtx, { id: 'admin', username: 'admin', role: 'administrator' }, file);
      const point = { lat: sites[5]!.lat, lon: sites[5]!.lon };
      const before = (await ctx.store.sites.near(db(), point, 8)).map((n) => n.site);
      const after = (await targetCtx.store.sites.near(target.store.connection.db, point, 8)).map((n) => n.site);
      expect(after).toEqual(before);
      expect(before.length).toBeGreaterThan(0);
      // New sites continue after the restored ones.
      const added = await createSite(targetCtx, analyst, { name: 'After restore', category: 'school', geometry: { type: 'Point', coordinates: [point.lon, point.lat] }, source: { dataset: 'after' } });
      expect((await targetCtx.store.sites.near(target.store.connection.db, point, 1)).map((n) => n.site.id)).toContain(added.id);
    } finally {
      await target.cleanup();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
