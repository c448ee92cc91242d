/**
 * Writes the spreadsheet fixtures under test/fixtures/spreadsheets: a small sheet shaped like the WHO Surveillance
 * System for Attacks on Health Care (SSA) download, with INVENTED rows (no real attack is described), as .xlsx and
 * .ods, and the same rows as a CSV file whose columns Haven does not recognise.
 *
 *   npx tsx tools/make-spreadsheet-fixtures.ts [--rows N --out file.xlsx]   (N generated rows, for measurements)
 */
import { writeFileSync } from 'node:fs';
import * as XLSX from '@e965/xlsx';

export const SSA_COLUMNS = [
  'Country / Territory',
  'Attack Date',
  'Certainty level',
  'Attack Type',
  'Health care resources attacked',
  'Total Death',
  'Total Injured',
  'Health workers killed',
  'Health workers injured',
  'Health workers abducted',
  'Health workers arrested',
  'Health workers detained',
  'Patients killed',
  'Source of information',
] as const;

type Row = (string | number | Date)[];

// Excel serial day numbers (1900 date system): 45300 is 2024-01-09.
export const SSA_ROWS: Row[] = [
  ['Ukraine', 45300, 'Confirmed', 'Violence with heavy weapons', 'Facility; Transport', 2, 5, 1, 2, 0, 0, 0, 0, 'Invented fixture row 1'],
  ['Sudan', 45310, 'Probable', 'Violence with individual weapons; Psychological violence/threat of violence/intimidation', 'Personnel', 1, 0, 1, 0, 0, 0, 0, 0, 'Invented fixture row 2'],
  ['Myanmar', 45320, 'Possible', 'Removal of health care assets', 'Supplies; Warehouse', 0, 0, 0, 0, 0, 0, 0, 0, 'Invented fixture row 3'],
  ['occupied Palestinian territory, including east Jerusalem', 45331, 'Confirmed', 'Obstruction to delivery of care', 'Transport; Patients', 0, 3, 0, 0, 0, 0, 2, 0, 'Invented fixture row 4'],
  ['Syrian Arab Republic', 45345, 'Confirmed', 'Violence with individual weapons', 'Personnel; Patients', 1, 1, 0, 0, 2, 1, 3, 1, 'Invented fixture row 5'],
  // A date cell formatted as a date (not a plain day number): read as an ISO date.
  ['Democratic Republic of the Congo', new Date(Date.UTC(2024, 1, 29)), 'Probable', 'Armed or violent search of health resource', 'Facility', 0, 0, 0, 0, 0, 0, 0, 0, 'Invented fixture row 6'],
  // Rejected: no date.
  ['Haiti', 'not known', 'Possible', 'Setting fire to health resources', 'Facility', 0, 0, 0, 0, 0, 0, 0, 0, 'Invented fixture row 7'],
  // Rejected: a country no list knows.
  ['Atlantis', 45360, 'Possible', 'Assault without weapons', 'Personnel', 0, 1, 0, 1, 0, 0, 0, 0, 'Invented fixture row 8'],
  // Rejected: a health-care resource the mapping does not know.
  ['Burkina Faso', 45370, 'Confirmed', 'Violence with heavy weapons', 'Laboratory', 0, 0, 0, 0, 0, 0, 0, 0, 'Invented fixture row 9'],
];

function workbook(rows: Row[]): XLSX.WorkBook {
  const sheet = XLSX.utils.aoa_to_sheet([[...SSA_COLUMNS], ...rows], { cellDates: true, UTC: true });
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, 'SSA');
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Note'], ['Invented rows for Haven tests; not WHO data.']]), 'About');
  return book;
}

function generated(n: number): Row[] {
  const countries = ['Ukraine', 'Sudan', 'Myanmar', 'Syrian Arab Republic', 'Burkina Faso', 'Haiti', 'Libya', 'Afghanistan'];
  const types = ['Violence with heavy weapons', 'Violence with individual weapons; Psychological violence/threat of violence/intimidation', 'Obstruction to delivery of care'];
  const resources = ['Facility', 'Transport; Personnel', 'Supplies', 'Patients; Facility'];
  return Array.from({ length: n }, (_, i) => [countries[i % countries.length]!, 44000 + (i % 1500), 'Confirmed', types[i % types.length]!, resources[i % resources.length]!, i % 3, i % 5, 0, 0, i % 7 === 0 ? 1 : 0, 0, 0, 0, `Generated row ${i + 1}`]);
}

const args = process.argv.slice(2);
const rowsArg = args.indexOf('--rows');
if (rowsArg >= 0) {
  const out = args[args.indexOf('--out') + 1] ?? '/tmp/ssa-generated.xlsx';
  writeFileSync(out, XLSX.write(workbook(generated(Number(args[rowsArg + 1]))), { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
  console.log(`wrote ${out}`);
} else {
  const dir = new URL('../test/fixtures/spreadsheets/', import.meta.url).pathname;
  writeFileSync(`${dir}who-ssa-invented.xlsx`, XLSX.write(workbook(SSA_ROWS), { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
  writeFileSync(`${dir}who-ssa-invented.ods`, XLSX.write(workbook(SSA_ROWS), { type: 'buffer', bookType: 'ods', compression: true }) as Buffer);
  const iso = (v: Row[number]) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
  const csv = XLSX.utils.sheet_to_csv(XLSX.utils.aoa_to_sheet([[...SSA_COLUMNS], ...SSA_ROWS.map((r) => r.map(iso))]));
  writeFileSync(`${dir}who-ssa-invented.csv`, `${csv}\n`);
  console.log(`wrote the fixtures in ${dir}`);
}
