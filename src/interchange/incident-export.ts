import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Actor, AppContext } from '../application/app-context.js';
import { streamIncidents } from '../application/incident-stream.service.js';
import type { SensitiveExportGrant } from '../application/sensitive-export.service.js';
import { incidentToFeature } from '../core/formats/geojson.mapping.js';
import { HAVEN_CSV_COLUMNS, incidentToHavenCsvRow } from '../core/formats/haven-csv.mapping.js';
import { HXL_EXPORT_COLUMNS } from '../core/formats/hxl.mapping.js';
import { neutraliseFormula } from '../core/formats/spreadsheet-safety.js';
import { GED_EXPORT_COLUMNS, incidentToGedRow } from '../core/formats/ucdp-ged.mapping.js';
import { EXPORT_FORMATS, EXPORT_MEDIA_TYPES, type ExportFormat } from '../core/import-job.schema.js';
import type { Incident } from '../core/incident.schema.js';

/** The export formats are the contract's (src/core/import-job.schema.ts); the command line names them from here. */
export { EXPORT_FORMATS, EXPORT_MEDIA_TYPES, type ExportFormat };

export const incidentLink = (baseUrl: string, id: string) => `${baseUrl.replace(/\/$/, '')}/?incident=${id}`;

/** Writes, respecting backpressure, so a slow reader (a download, a pipe) holds the export back instead of memory. */
async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

async function writeCsv(out: Writable, rows: AsyncIterable<string[]>): Promise<void> {
  const csv = stringify({ eof: true });
  const piped = new Promise<void>((resolve, reject) => {
    csv.on('data', (chunk: Buffer) => {
      if (!out.write(chunk)) {
        csv.pause();
        out.once('drain', () => csv.resume());
      }
    });
    csv.on('end', resolve);
    csv.on('error', reject);
  });
  for await (const row of rows) if (!csv.write(row)) await once(csv, 'drain');
  csv.end();
  await piped;
}

/**
 * Stream every incident matching the filter to `out` in the chosen format; returns how many were written. Text cells
 * of CSV formats are neutralised against formula injection.
 */
export async function writeExport(
  ctx: AppContext,
  actor: Actor,
  filter: unknown,
  format: ExportFormat,
  out: Writable,
  options: { baseUrl: string; sensitive?: SensitiveExportGrant },
): Promise<number> {
  let count = 0;
  const grant = options.sensitive;
  const incidents = streamIncidents(ctx, actor, filter, 1000, { includeSensitive: grant !== undefined });
  const counted = async function* (): AsyncGenerator<Incident> {
    for await (const { sensitive, ...incident } of incidents) {
      count++;
      // Minimised by default; with a grant, only incidents checked against consent (one recorded after the check waits).
      yield grant && sensitive && grant.incidentIds.has(incident.id) ? { ...incident, sensitive } : incident;
    }
  };
  const sensitiveJson = (incident: Incident) => (incident.sensitive ? neutraliseFormula(JSON.stringify(incident.sensitive)) : '');
  const link = (id: string) => incidentLink(options.baseUrl, id);
  switch (format) {
    case 'geojson': {
      await write(out, '{"type":"FeatureCollection","features":[\n');
      let first = true;
      for await (const incident of counted()) {
        const feature = incidentToFeature(incident, link(incident.id));
        const withSensitive = incident.sensitive ? { ...feature, properties: { ...feature.properties, sensitive: incident.sensitive } } : feature;
        await write(out, `${first ? '' : ',\n'}${JSON.stringify(withSensitive)}`);
        first = false;
      }
      await write(out, '\n]}\n');
      break;
    }
    case 'csv':
      await writeCsv(
        out,
        (async function* () {
          yield grant ? [...HAVEN_CSV_COLUMNS, 'sensitive'] : [...HAVEN_CSV_COLUMNS];
          for await (const incident of counted()) {
            const row = incidentToHavenCsvRow(incident, link(incident.id));
            const cells = HAVEN_CSV_COLUMNS.map((c) => row[c]);
            yield grant ? [...cells, sensitiveJson(incident)] : cells;
          }
        })(),
      );
      break;
    case 'hxl':
      await writeCsv(
        out,
        (async function* () {
          yield HXL_EXPORT_COLUMNS.map(([header]) => header);
          yield HXL_EXPORT_COLUMNS.map(([, tag]) => tag);
          for await (const incident of counted()) yield HXL_EXPORT_COLUMNS.map(([, , get]) => neutraliseFormula(get(incident, link(incident.id))));
        })(),
      );
      break;
    case 'ged':
      await writeCsv(
        out,
        (async function* () {
          yield [...GED_EXPORT_COLUMNS];
          for await (const incident of counted()) {
            const row = incidentToGedRow(incident);
            yield GED_EXPORT_COLUMNS.map((c) => neutraliseFormula(row[c]));
          }
        })(),
      );
      break;
  }
  if (out !== process.stdout) {
    out.end();
    await once(out, 'finish');
  }
  return count;
}
