import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { haven } from '../support/cli-runner.js';
import { basemapFolder } from '../support/basemap-fixtures.js';
import { DATABASES, openTestStore } from '../support/databases.js';
import { realFixture } from '../support/real-fixtures.js';

const UKRAINE = realFixture('geoboundaries/geoboundaries_UKR_ADM1_simplified.geojson');

describe.each(DATABASES)('haven boundaries import on %s', (kind) => {
  const folder = basemapFolder();
  afterAll(() => folder.remove());

  it('imports a geoBoundaries file, again idempotently, and refuses a bad one naming the feature and field', async () => {
    const test = await openTestStore(kind);
    try {
      const first = await haven(['boundaries', 'import', UKRAINE], { database: test.url });
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('UKR: 27 boundaries (0 replaced)');
      const again = await haven(['boundaries', 'import', UKRAINE, '--json'], { database: test.url });
      expect(JSON.parse(again.stdout)).toEqual({ source: 'geoboundaries', countries: [{ country: 'UKR', boundaries: 27, replaced: 27 }] });
      const broken = JSON.parse(readFileSync(UKRAINE, 'utf8')) as { features: { properties: Record<string, unknown> }[] };
      broken.features[12]!.properties['shapeGroup'] = 42;
      const bad = join(folder.dir, `broken-${kind}.geojson`);
      writeFileSync(bad, JSON.stringify(broken));
      const refused = await haven(['boundaries', 'import', bad], { database: test.url });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('haven: feature 12: properties.shapeGroup must be text, not 42');
      const rows = await test.store.connection.db.selectFrom('admin1_boundaries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(rows.n)).toBe(27);
    } finally {
      await test.cleanup();
    }
  });
});
