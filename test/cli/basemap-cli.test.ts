import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { haven } from '../support/cli-runner.js';
import { basemapFolder, solidPng, writeMbtiles } from '../support/basemap-fixtures.js';

describe('haven serve with a basemap that cannot be served', () => {
  const folder = basemapFolder();
  const database = join(folder.dir, 'haven.db');
  afterAll(() => folder.remove());
  afterEach(() => {
    delete process.env.HAVEN_BASEMAP;
  });

  it('stops before starting, naming the file and the reason (--basemap)', async () => {
    const missing = join(folder.dir, 'missing.pmtiles');
    const result = await haven(['serve', '--no-demo', '--port', '0', '--basemap', missing], { database });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`haven: the basemap ${missing} cannot be served: there is no such file`);
    // Nothing was started: not even the database was created.
    expect(existsSync(database)).toBe(false);
  });

  it('reads HAVEN_BASEMAP when --basemap is not given', async () => {
    const raster = join(folder.dir, 'tiles.mbtiles');
    writeMbtiles(raster, { format: 'tiff' }, [{ z: 0, x: 0, y: 0, data: solidPng([1, 2, 3], 1) }]);
    process.env.HAVEN_BASEMAP = raster;
    const result = await haven(['serve', '--no-demo', '--port', '0'], { database });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`haven: the basemap ${raster} cannot be served: its tiles are of a format Haven does not serve (tiff)`);
  });

  it('refuses a file of another kind', async () => {
    const text = join(folder.dir, 'notes.txt');
    writeFileSync(text, 'not tiles');
    const result = await haven(['serve', '--no-demo', '--port', '0', '--basemap', text], { database });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/its extension is not \.pmtiles or \.mbtiles \(\.txt\)/);
  });
});
