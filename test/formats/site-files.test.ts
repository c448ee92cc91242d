/**
 * Reading site files (src/interchange/place-file.ts) and identifying their sites (src/core/places/site-identity.ts),
 * on the shaped fixtures of test/fixtures/sites.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { derivedSiteId } from '../../src/application/site.service.js';
import { composeSiteName, SITE_KEY_DECIMALS, siteKeyText } from '../../src/core/places/site-identity.js';
import { completeRecordsOf, mapSiteFile, SITE_SAMPLE_CHARS, siteFormatOf } from '../../src/interchange/place-file.js';

const text = (name: string) => readFileSync(new URL(`../fixtures/sites/${name}`, import.meta.url), 'utf8');
const WHO = text('who-facilities.csv');
const WHO_MAPPING = text('who-facilities.mapping.json');

describe('format detection on a sample of the file', () => {
  it('the WHO-shaped fixture has a quoted multi-line field across the end of the sample', () => {
    expect(Buffer.byteLength(WHO)).toBe(WHO.length); // plain ASCII: bytes and characters agree
    const records = parse(WHO, { info: true }) as unknown as { record: string[]; info: { bytes: number } }[];
    const straddling = records.find((r, i) => i > 0 && records[i - 1]!.info.bytes < SITE_SAMPLE_CHARS && r.info.bytes > SITE_SAMPLE_CHARS);
    expect(straddling).toBeDefined();
    const remark = straddling!.record.at(-1)!;
    const remarkStart = WHO.lastIndexOf(`"${remark.replaceAll('"', '""')}"`, straddling!.info.bytes);
    expect(remarkStart).toBeLessThan(SITE_SAMPLE_CHARS);
    expect(remarkStart + remark.length).toBeGreaterThan(SITE_SAMPLE_CHARS);
    expect(remark).toContain('\n');
  });

  it('reads the WHO-shaped list without a format named: every row mapped', async () => {
    const rows = parse<Record<string, string>>(WHO, { columns: true });
    const read = await mapSiteFile(WHO, { mapping: WHO_MAPPING });
    expect(read.format).toBe('csv');
    expect(read.rows.filter((r) => r.ok).length).toBe(rows.length);
  });

  it('judges a file the same wherever the sample ends', () => {
    const hxl = `title row\n#loc+name,#geo+lat,#geo+lon,#meta+notes\n${Array.from({ length: 400 }, (_, i) => `Site ${i},1.${i},2.${i},"line one\nline two, ${'x'.repeat(i % 97)}"`).join('\n')}\n`;
    for (const [file, expected] of [[WHO, 'csv'], [hxl, 'hxl']] as const) {
      for (let end = 200; end < file.length; end += 331) {
        const sample = file.slice(0, end);
        expect(siteFormatOf(sample, false, {}), `cut at ${end}`).toBe(expected);
        const complete = completeRecordsOf(sample);
        expect(() => parse(complete, { relax_column_count: true })).not.toThrow();
        expect(file.startsWith(complete)).toBe(true);
      }
    }
  });
});

describe('the key of a site without an id', () => {
  const site = { name: 'Juba  Teaching Hospital', category: 'health_facility' as const, lat: 4.859_412_3, lon: 31.571_298_7 };
  const metresNorth = (m: number) => m / 111_320;

  it('survives re-exports that differ in the 6th decimal, case and spacing', () => {
    expect(siteKeyText({ ...site, name: 'juba teaching hospital', lat: site.lat + 2e-6, lon: site.lon - 3e-6 })).toBe(siteKeyText(site));
  });

  it(`tells apart sites farther apart than the ${SITE_KEY_DECIMALS}-decimal grid, of another category or name`, () => {
    expect(siteKeyText({ ...site, lat: site.lat + metresNorth(25) })).not.toBe(siteKeyText(site));
    expect(siteKeyText({ ...site, category: 'school' })).not.toBe(siteKeyText(site));
    expect(siteKeyText({ ...site, name: 'Juba Military Hospital' })).not.toBe(siteKeyText(site));
  });

  it('is scoped by data set', () => {
    const a = derivedSiteId({ ...site, source: { dataset: 'who' } });
    expect(a).toMatch(/^derived:[\w-]{22}$/);
    expect(derivedSiteId({ ...site, source: { dataset: 'who' } })).toBe(a);
    expect(derivedSiteId({ ...site, source: { dataset: 'osm' } })).not.toBe(a);
  });
});

describe('names composed for unnamed sites', () => {
  it('says what and where, or what and near which point', () => {
    expect(composeSiteName('clinic', 'Juba', { type: 'Point', coordinates: [31.5713, 4.8594] })).toBe('Clinic, Juba');
    expect(composeSiteName('hospital', '', { type: 'Point', coordinates: [31.571_29, 4.859_41] })).toBe('Hospital near 4.8594, 31.5713');
    expect(composeSiteName('health_post', ' Yei  County ', { type: 'Point', coordinates: [0, 0] })).toBe('Health post, Yei County');
  });

  it('composes from the OSM-shaped CSV: type from amenity (else healthcare), place from addr:city, is_in, addr:state', async () => {
    const rows = parse<Record<string, string>>(text('osm-health.csv'), { columns: true });
    const read = await mapSiteFile(text('osm-health.csv'), { mapping: text('osm-health.mapping.json') });
    const names = new Map(read.rows.flatMap((r) => (r.ok ? [[r.row, { name: r.value.name, composed: r.composedName === true }]] : [])));
    rows.forEach((r, i) => {
      const got = names.get(i + 2)!;
      expect(got.composed).toBe(r.name === '');
      if (r.name !== '') expect(got.name).toBe(r.name);
      else if (r['addr:city']) expect(got.name).toMatch(new RegExp(`, ${r['addr:city']}$`));
      else if (r.is_in) expect(got.name).toMatch(new RegExp(`, ${r.is_in}$`));
      else if (r['addr:state']) expect(got.name).toMatch(new RegExp(`, ${r['addr:state']}$`));
      else expect(got.name).toMatch(new RegExp(` near ${Number(r.Y).toFixed(4)}, ${Number(r.X).toFixed(4)}$`));
    });
  });
});
