import type { FeatureCollection, Geometry } from 'geojson';
import type { ComparisonContextSummary, PlanningSituationRecord } from '../core/courses-of-action/coa-api.schema.js';
import type { CoaComparison, CourseResult, PlanningSite, PlanningZone } from '../core/courses-of-action/compare.js';
import type { ProjectedTotal } from '../core/courses-of-action/uncertainty.js';
import { seriesColor } from './chart-kit.js';
import { casualtyIntervalChart, courseLetter as letter, totalText, VERDICT_WORDS } from './coa-charts.js';
import { formatDay, formatMoment } from './dates.js';
import { escapeMarkup as e } from './markup.js';
import { formatCount, formatPValue } from './numbers.js';
import { situationMap, type MapActionPoint, type MapSite, type MapZone } from './situation-map.js';
import { SITUATION_REPORT_CSS } from './situation-report-style.js';

/**
 * The printable comparison of courses of action: the courses side by side — both regimes' verdicts and where they
 * diverge, the casualties of every group as intervals with their median (never a sum of best guesses), the protected
 * places each touches, the escalation estimate or "not enough data" with its sample, the principles projected — a map
 * of the area with the actions' places, and the commander's choice when one is recorded. An exercise is marked as one
 * on every page. A self-contained page in the situation report's style; the PDF is this page printed.
 */

export interface CoaReportInput {
  record: PlanningSituationRecord;
  comparison: CoaComparison;
  context: ComparisonContextSummary;
  sites: readonly PlanningSite[];
  zones: readonly PlanningZone[];
}

export interface CoaReportContext {
  generatedAt: Date;
  generatedBy: string;
  /** Country shapes for the map's background (src/infrastructure/country-shapes.ts). */
  countries: FeatureCollection<Geometry>;
}

/** The situation report's style and the little this report adds (its CSP allows this exact text by its hash). */
export const COA_REPORT_CSS = `${SITUATION_REPORT_CSS}
.exercise-banner{border:3px solid #b2182b;color:#b2182b;padding:6px 10px;text-align:center;font-size:14pt}
.coa-side-by-side td,.coa-side-by-side th{vertical-align:top}
.coa-side-by-side ul{margin:0;padding-left:1.1em}`;


const score = (s: number | null) => (s === null ? 'not scored' : s.toFixed(2));


function verdictCell(course: CourseResult): string {
  if (course.forceActions.length === 0) return '<td>No force planned</td>';
  const items = course.forceActions.map(
    (f) =>
      `<li data-action="${f.action}">Action ${f.action}: IHL <strong>${e(VERDICT_WORDS[f.ihl.verdict])}</strong>, human security <strong>${e(VERDICT_WORDS[f.humanSecurity.verdict])}</strong>${
        f.divergence.length > 0 ? `<ul class="note">${f.divergence.map((d) => `<li>${e(d)}</li>`).join('')}</ul>` : ''
      }</li>`,
  );
  return `<td><ul>${items.join('')}</ul></td>`;
}

function placesCell(course: CourseResult): string {
  const p = course.protectedPlaces;
  const lines = [
    ...p.sites.map((s) => `${s.name} (${s.category.replaceAll('_', ' ')}): action ${s.by.map((b) => b.action).join(', ')}`),
    ...p.zones.map((z) => `${z.name} (${z.kind.replaceAll('_', ' ')}): action ${z.by.map((b) => b.action).join(', ')}`),
    ...(p.forceActionsWithoutLocation.length > 0 ? [`Force without a location (places unknown): action ${p.forceActionsWithoutLocation.join(', ')}`] : []),
    ...p.unknownReferences.map((u) => `Action ${u.action} names a place not in the register (${[u.siteId, u.zoneId].filter(Boolean).join(', ')})`),
  ];
  return lines.length === 0 ? '<td>None</td>' : `<td><ul>${lines.map((l) => `<li>${e(l)}</li>`).join('')}</ul></td>`;
}

function escalationCell(course: CourseResult): string {
  const items = course.escalation.map(({ kind, actions, estimate }) => {
    const name = kind.replaceAll('_', ' ');
    if (estimate.status === 'not_enough_data') {
      return `<li data-escalation="not_enough_data">${e(name)} (action ${actions.join(', ')}): <strong>not enough data</strong> — ${estimate.have} comparable action(s), ${estimate.needed} needed</li>`;
    }
    const i = estimate.incidentsPerWeek;
    return `<li data-escalation="estimated">${e(name)} (action ${actions.join(', ')}): incidents per week changed by ${i.meanChange.toFixed(2)} (5th–95th ${i.interval.low.toFixed(2)} to ${i.interval.high.toFixed(2)}), ${estimate.sample.actions} actions in ${estimate.sample.areas} cell(s), sign test p ${e(formatPValue(i.signTest.pValue))}</li>`;
  });
  return `<td><ul>${items.join('')}</ul></td>`;
}

function sideBySide(courses: readonly CourseResult[]): string {
  const head = `<tr><th scope="col"></th>${courses.map((c, i) => `<th scope="col" data-course="${e(c.name)}">${e(letter(i))}. ${e(c.name)}</th>`).join('')}</tr>`;
  const row = (label: string, cells: string[]) => `<tr><th scope="row">${e(label)}</th>${cells.join('')}</tr>`;
  const total = (t: ProjectedTotal) => `<td class="num">${e(totalText(t))}</td>`;
  return [
    '<table class="coa-side-by-side">',
    `<thead>${head}</thead><tbody>`,
    row('Summary', courses.map((c) => `<td>${e(c.summary || '—')}</td>`)),
    row('Verdicts (IHL / human security)', courses.map(verdictCell)),
    row('Deaths, everyone', courses.map((c) => total(c.casualties.all.deaths))),
    row('Deaths, civilians', courses.map((c) => total(c.casualties.byGroup.civilians.deaths))),
    row('Injuries, everyone', courses.map((c) => total(c.casualties.all.injuries))),
    row('Protected places touched', courses.map(placesCell)),
    row('Escalation after comparable actions', courses.map(escalationCell)),
    ...courses[0]!.principles.map((p, k) => row(p.title, courses.map((c) => `<td class="num" data-principle="${c.principles[k]!.id}">${e(score(c.principles[k]!.score))}</td>`))),
    row('Overall (equal weights)', courses.map((c) => `<td class="num">${e(score(c.overall.score))}</td>`)),
    '</tbody></table>',
  ].join('');
}

function principleReasons(courses: readonly CourseResult[]): string {
  return courses
    .map((c, i) => `<h3>${e(letter(i))}. ${e(c.name)}</h3><dl class="principles">${c.principles.map((p) => `<dt>${e(p.title)}: ${e(score(p.score))}</dt><dd><ul>${p.reasons.map((r) => `<li>${e(r)}</li>`).join('')}</ul></dd>`).join('')}</dl>`)
    .join('');
}

function areaText(record: PlanningSituationRecord): string {
  const a = record.situation.area;
  return a.type === 'Place' ? `${a.name} (GeoNames ${a.geonameId}) and ${a.radiusKm} km around it` : `an area drawn on the map (${a.type})`;
}

function choiceSection(record: PlanningSituationRecord): string {
  const c = record.choice;
  if (!c) return '<h2>The choice</h2><p class="note">No course of action has been chosen. A comparison is advice: a named person decides.</p>';
  const requests = c.forceRequests.length > 0 ? `<p>Force requests made from its force actions (awaiting review): ${c.forceRequests.map((r) => `action ${r.action} → ${e(r.id)}`).join('; ')}.</p>` : '<p>The chosen course has no force action: no force request was made.</p>';
  return [
    '<h2>The choice</h2>',
    `<p class="choice" data-chosen="${e(c.courseOfAction)}"><strong>${e(c.courseOfAction)}</strong>, chosen by ${e(c.chosenBy.name)} (${e(c.chosenBy.role.replaceAll('_', ' '))}) on ${e(formatMoment(c.chosenAt))}; ledger entry ${c.ledgerSeq}.</p>`,
    `<p class="reasons">“${e(c.reasons)}”</p>`,
    requests,
  ].join('');
}

export function renderCoaReport(input: CoaReportInput, context: CoaReportContext): string {
  const { record, comparison, context: gathered } = input;
  const courses = comparison.courses;
  const exercise = record.exercise;
  const { period } = record.situation;
  const [w, s, east, north] = gathered.bbox;
  const padLon = Math.max(0.05, (east - w) * 0.15);
  const padLat = Math.max(0.05, (north - s) * 0.15);
  const mapSites: MapSite[] = input.sites.map((site) => {
    const g = site.geometry;
    const [lon, lat] = g.type === 'Point' ? g.coordinates : g.type === 'Polygon' ? g.coordinates[0]![0]! : g.coordinates[0]![0]![0]!;
    return { lon: lon, lat: lat, name: site.name, category: site.category };
  });
  const mapZones: MapZone[] = input.zones.map((z) => ({ name: z.name, kind: z.kind, geometry: z.geometry, ...(z.widthKm !== undefined && { widthKm: z.widthKm }) }));
  const courseIndex = new Map(courses.map((c, i) => [c.name, i]));
  const actions: MapActionPoint[] = gathered.actionPoints.map((p) => {
    const i = courseIndex.get(p.course) ?? 0;
    return { lon: p.lon, lat: p.lat, label: `${letter(i)}${p.action}`, title: `${p.course}, action ${p.action} (${p.kind.replaceAll('_', ' ')})`, color: seriesColor(i) };
  });
  const map = situationMap({
    id: 'coa-map',
    title: 'The area and the planned actions',
    description: `The planning area, the protected sites and zones the register holds in and around it, and the planned actions with a place (${actions.length}), marked by course letter and action number.`,
    bbox: [w - padLon, s - padLat, east + padLon, north + padLat],
    countries: context.countries,
    incidents: [],
    sites: mapSites,
    zones: mapZones,
    hotspots: [],
    outline: { geometry: gathered.area, label: 'Planning area' },
    actions,
  });
  const people = gathered.peopleAtRisk;
  const banner = exercise ? '<p class="exercise-banner" data-exercise="true"><strong>EXERCISE</strong> — exercise planning on exercise records; not real.</p>' : '';
  const figure = (markup: string, caption: string) => `<figure>${markup}<figcaption>${e(caption)}</figcaption></figure>`;
  return [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${exercise ? 'EXERCISE — ' : ''}Courses of action: ${e(record.situation.name)}</title><style>${COA_REPORT_CSS}</style></head><body>`,
    banner,
    '<header class="report-header">',
    `<p class="kicker">Haven · courses of action${exercise ? ' · EXERCISE' : ''}</p>`,
    `<h1>${e(record.situation.name)}</h1>`,
    `<p class="period">${e(formatDay(period.from))} – ${e(formatDay(period.to))}</p>`,
    '<dl class="meta">',
    `<dt>Area</dt><dd>${e(areaText(record))}</dd>`,
    record.situation.mandate ? `<dt>Mandate</dt><dd>${e(record.situation.mandate)}</dd>` : '',
    `<dt>People at risk</dt><dd>${e(formatCount(people.places))} populated place(s), ${e(formatCount(people.population))} people recorded${people.largest.length > 0 ? ` (largest: ${e(people.largest.slice(0, 5).map((p) => `${p.name} ${formatCount(p.population)}`).join(', '))})` : ''}</dd>`,
    `<dt>Register</dt><dd>${e(formatCount(gathered.register.incidents))} incident(s) and ${e(formatCount(gathered.register.pastActions))} past action(s) read, ${e(gathered.register.coverage.from)} to ${e(gathered.register.coverage.to)}; ${e(formatCount(gathered.sites))} protected site(s), ${e(formatCount(gathered.zones))} zone(s)</dd>`,
    `<dt>Status</dt><dd>${e(record.status)} (version ${record.version})</dd>`,
    `<dt>Made</dt><dd>${e(formatMoment(context.generatedAt.toISOString()))} by ${e(context.generatedBy)}</dd>`,
    '</dl>',
    '</header>',
    `<p class="note">${e(comparison.notice)}</p>`,
    '<h2>Side by side</h2>',
    sideBySide(courses),
    '<h2>Casualties of every side, with their uncertainty</h2>',
    figure(casualtyIntervalChart(courses, 'deaths', 'coa-deaths'), 'Deaths: the bar is the 5th to 95th percentile of 10,000 draws, the tick the median, the thin line the plain bounds. Each group is projected from its own draws, not added from best guesses.'),
    figure(casualtyIntervalChart(courses, 'injuries', 'coa-injuries'), 'Injuries, read the same way.'),
    '<h2>Map</h2>',
    figure(map, 'The planning area (dashed), protected sites and zones, and the planned actions with a place (course letter and action number).'),
    '<h2>The principles projected, and why</h2>',
    principleReasons(courses),
    choiceSection(record),
    '<footer>',
    `<p>${e(gathered.register.note)} ${e(people.note)}</p>`,
    '<p>Method: docs/courses-of-action.md (triangular distributions, seeded Monte Carlo, the 5th–95th interval and plain bounds; the escalation estimate and its minimum of six; each principle’s projection).</p>',
    exercise ? '<p class="exercise-banner"><strong>EXERCISE</strong></p>' : '',
    '</footer>',
    '</body></html>',
  ].join('\n');
}
