import type { FeatureCollection, Geometry } from 'geojson';
import { barChart } from './bar-chart.js';
import { EVENT_TYPE_CHART_TEXT, VIOLENCE_CHART_TEXT, breakdownChartInput, casualtyChartInput, violationChartInput } from './chart-inputs.js';
import { formatDay, formatMoment } from './dates.js';
import { escapeMarkup as e } from './markup.js';
import type { DetectionView, ScorecardMeasure } from './monitoring-views.js';
import { formatCount, formatPValue, type Estimate } from './numbers.js';
import { measureText, trendText } from './scorecard-text.js';
import { HOTSPOT_LABELS, situationMap, type HotspotClass, type MapHotspot } from './situation-map.js';
import { escalationWhat } from './escalation-text.js';
import type { KeyFigures, ReportViolations, Section, SituationReportData, ViolationList } from './situation-report-data.js';
import { SITUATION_REPORT_CSS } from './situation-report-style.js';
import { PERSON_STATUS_LABELS } from './status-labels.js';
import { timeSeriesChart } from './time-series-chart.js';

export interface RenderOptions {
  /** Country shapes for the map's background (world-atlas countries-50m as GeoJSON). */
  countries: FeatureCollection<Geometry, { name?: string } | null>;
}

/** Where a part could not be provided: say which, and why, in its place. */
function notAvailable(what: string, reason: string): string {
  return `<p class="unavailable" data-unavailable="${e(what)}"><strong>${e(what)}: not available.</strong> ${e(reason)}</p>`;
}

function section<T>(part: Section<T>, what: string, render: (value: T) => string): string {
  return part.available ? render(part.value) : notAvailable(what, part.reason);
}

function estimateCells(estimate: Estimate): string {
  return `<td class="num">${e(formatCount(estimate.best))}</td><td class="num">${e(formatCount(estimate.low))}–${e(formatCount(estimate.high))}</td>`;
}

/** The injured count, and whether to show it at all: unknown (not zero) when every incident comes from a data set that never records injuries. */
function injuryRecording(figures: KeyFigures): { recorded: boolean; note: string } {
  const missing = figures.injuriesNotRecorded;
  if (!missing || missing.incidents === 0) return { recorded: true, note: '' };
  const sources = missing.sources.join(', ');
  if (missing.incidents >= figures.incidents) return { recorded: false, note: `not recorded by the sources (${sources})` };
  return { recorded: true, note: `${formatCount(missing.incidents)} incident${missing.incidents === 1 ? ' comes' : 's come'} from sources that do not record injuries (${sources})` };
}

function keyFigures(figures: KeyFigures): string {
  const card = (label: string, value: string, range: string, testId: string) =>
    `<div class="figure" data-figure="${testId}"><div class="label">${e(label)}</div><div class="value">${e(value)}</div><div class="range">${e(range)}</div></div>`;
  const rangeOf = (x: Estimate) => (x.low === x.high ? 'no range recorded' : `range ${formatCount(x.low)} to ${formatCount(x.high)}`);
  const injuries = injuryRecording(figures);
  const injuredCells = (x: Estimate) => (injuries.recorded ? estimateCells(x) : '');
  const rows = figures.byStatus
    .map((s) => `<tr data-status="${e(s.status)}"><th scope="row">${e(PERSON_STATUS_LABELS[s.status])}</th>${estimateCells(s.killed)}${injuredCells(s.injured)}</tr>`)
    .join('');
  const injuredCard = injuries.recorded
    ? card('Injured (best estimate)', formatCount(figures.injured.best), injuries.note ? `${rangeOf(figures.injured)}; ${injuries.note}` : rangeOf(figures.injured), 'injured')
    : card('Injured', 'not recorded', injuries.note, 'injured');
  return [
    '<div class="figures">',
    card('Incidents', formatCount(figures.incidents), 'recorded in the area and period', 'incidents'),
    card('Killed (best estimate)', formatCount(figures.killed.best), rangeOf(figures.killed), 'killed'),
    injuredCard,
    '</div>',
    '<table class="by-status"><caption class="note">Loss of life counts on every side: civilians, the mission’s own force, allied and opposing forces, and combatants whose side is not assessed.</caption>',
    `<thead><tr><th scope="col">Status</th><th scope="col" class="num">Killed</th><th scope="col" class="num">Killed, low–high</th>${injuries.recorded ? '<th scope="col" class="num">Injured</th><th scope="col" class="num">Injured, low–high</th>' : ''}</tr></thead>`,
    `<tbody>${rows}<tr class="total"><th scope="row">All</th>${estimateCells(figures.killed)}${injuredCells(figures.injured)}</tr></tbody></table>`,
    `<p class="note">Best estimates with their low and high bounds; a sum of bounds is a bound. ${
      figures.coarseDates > 0
        ? `${e(formatCount(figures.coarseDates))} incident${figures.coarseDates === 1 ? '' : 's'} cannot be put in one month (dated more roughly, or over two months): in the totals, not in the monthly chart.`
        : 'Every incident is dated within one month.'
    }</p>`,
  ].join('');
}

function mapSection(data: SituationReportData, options: RenderOptions): string {
  const { map } = data;
  const missing = (
    [
      ['Incidents', map.incidents],
      ['Protected sites', map.sites],
      ['Zones', map.zones],
      ['Hot spots', map.hotspots],
    ] as const
  )
    .filter(([, part]) => !part.available)
    .map(([what, part]) => notAvailable(`Map layer “${what}”`, part.available ? '' : part.reason));
  const svg = situationMap({
    id: 'report-map',
    title: `Map of ${data.area.name}`,
    description: `Incidents, protected sites, zones and hot spots in ${data.area.name}, ${formatDay(data.period.from)} to ${formatDay(data.period.to)}.`,
    bbox: data.area.bbox,
    countries: options.countries,
    ...(data.area.countryNumeric !== undefined && { focusCountryId: data.area.countryNumeric }),
    incidents: map.incidents.available ? map.incidents.value : [],
    sites: map.sites.available ? map.sites.value : [],
    zones: map.zones.available ? map.zones.value : [],
    hotspots: map.hotspots.available ? map.hotspots.value : [],
    alerts: map.alerts,
  });
  const notes: string[] = [];
  if (map.tooImpreciseToMap.available) {
    const n = map.tooImpreciseToMap.value;
    notes.push(
      n > 0
        ? `<span data-too-imprecise="${n}">${e(formatCount(n))} incident${n === 1 ? ' is' : 's are'} located only to a region or a country (or at sea or in the air): counted in the figures, not drawn on the map.</span>`
        : '<span data-too-imprecise="0">Every incident is located precisely enough (to a province or better) to be drawn.</span>',
    );
  } else {
    notes.push(`How many incidents are too imprecise to map is not available: ${e(map.tooImpreciseToMap.reason)}`);
  }
  if (map.sitesNotDrawn) notes.push(`${e(formatCount(map.sitesNotDrawn))} more protected sites in the area are not drawn.`);
  const hotCells = map.hotspots.available ? hotCellsTable(map.hotspots.value) : '';
  return `<figure class="map"><div>${svg}</div><figcaption>Incidents as dots sized by deaths (nearby incidents merged into one dot), with protected sites, zones, hot spots and areas with escalation alerts. ${notes.join(' ')}</figcaption></figure>${hotCells}${missing.join('')}`;
}

const HOT_CELLS_LISTED = 10;

/** The centre of a hexagon as the mean of its ring's corners (the closing corner left out). */
function centreOf(geometry: MapHotspot['geometry']): [number, number] {
  const ring = (geometry.type === 'Polygon' ? geometry.coordinates[0] : geometry.coordinates[0]?.[0]) ?? [];
  const corners = ring.length > 1 ? ring.slice(0, -1) : ring;
  const mean = (i: 0 | 1) => corners.reduce((sum, p) => sum + (p[i] ?? 0), 0) / Math.max(1, corners.length);
  return [mean(0), mean(1)];
}

/** The hot cells beside the map, hottest first, each with its deaths, its incidents and z: what its colour rests on. */
function hotCellsTable(cells: readonly MapHotspot[]): string {
  const hot = cells.filter((c) => !c.context && c.class.startsWith('hot'));
  const context = cells.filter((c) => c.context).length;
  const contextNote =
    context > 0
      ? context === 1
        ? ' 1 cell without incidents, next to cells with some, is context for the statistic, never a hot spot.'
        : ` ${formatCount(context)} cells without incidents, next to cells with some, are context for the statistic, never hot spots.`
      : '';
  if (hot.length === 0) return `<p class="note" data-hot-cells="0">No hot spots of deaths in the area and period.${e(contextNote)}</p>`;
  const rows = hot
    .slice(0, HOT_CELLS_LISTED)
    .map((c) => {
      const [lon, lat] = centreOf(c.geometry);
      const label = HOTSPOT_LABELS[c.class as Exclude<HotspotClass, 'none'>];
      return `<tr data-hot-cell="${e(c.class)}"><td>${e(lat.toFixed(2))}, ${e(lon.toFixed(2))}</td><td>${e(label)}</td><td class="num">${e(formatCount(c.value))}</td><td class="num">${e(formatCount(c.incidents))}</td><td class="num">${e(c.z.toFixed(2))}</td></tr>`;
    })
    .join('');
  const more = hot.length > HOT_CELLS_LISTED ? ` The ${HOT_CELLS_LISTED} hottest of ${formatCount(hot.length)} hot cells are listed.` : '';
  return `<table class="hot-cells" data-hot-cells="${hot.length}"><caption class="note">Hot spots of deaths (Getis–Ord Gi* over hexagons), hottest first.</caption><thead><tr><th scope="col">Centre (lat, lon)</th><th scope="col">Class</th><th scope="col" class="num">Deaths</th><th scope="col" class="num">Incidents</th><th scope="col" class="num">z</th></tr></thead><tbody>${rows}</tbody></table><p class="note">${e(`Only cells with incidents are classed.${more}${contextNote}`)}</p>`;
}

/** No ceasefire or local agreement applies here, and nothing was detected against one: the ceasefire parts say so in one line. */
function withoutAgreement(data: SituationReportData): boolean {
  if (!data.agreements.available || data.agreements.value > 0) return false;
  if (!data.violations.available) return true;
  const { total, awaitingReview, dismissed } = data.violations.value.ceasefire;
  return total + awaitingReview + dismissed === 0;
}

const NO_AGREEMENT = '<p class="note" data-no-agreement="true">No ceasefire or local agreement is registered for this area and period.</p>';

function trendsSection(data: SituationReportData): string {
  // Injuries the sources never record are left out of the chart, not drawn as zero.
  const injuriesRecorded = !data.figures.available || injuryRecording(data.figures.value).recorded;
  const timeline = section(data.timeline, 'Casualties over time', (t) => `<figure>${timeSeriesChart(casualtyChartInput(t, 'chart-casualties', { injuriesRecorded }))}</figure>`);
  const themes = section(
    data.byTheme,
    'Casualties by theme',
    (b) =>
      `<figure>${barChart(breakdownChartInput(b, { id: 'chart-themes', title: 'People killed by theme', description: 'Killed, split by status, in incidents of each human-security theme; an incident with several themes counts under each.' }))}</figure>`,
  );
  const parties = section(
    data.byParty,
    'Casualties by party',
    (b) =>
      `<figure>${barChart(breakdownChartInput(b, { id: 'chart-parties', title: 'People killed by party', description: 'Killed, split by status, in incidents each party took part in (as perpetrator or otherwise); an incident with two parties counts under both.' }))}</figure>`,
  );
  const violence = section(data.byViolence, 'Casualties by type of violence', (b) => `<figure>${barChart(breakdownChartInput(b, VIOLENCE_CHART_TEXT('chart-violence')))}</figure>`);
  const eventTypes = section(data.byEventType, 'Casualties by the source’s event type', (b) => `<figure>${barChart(breakdownChartInput(b, EVENT_TYPE_CHART_TEXT('chart-event-types')))}</figure>`);
  const violations = withoutAgreement(data) ? '' : section(data.ceasefireViolations, 'Ceasefire violations per party', (v) => {
    const first = v.first
      ? `<p class="note" data-first-violation="${e(v.first.date)}">First violation${v.first.grade ? ` (${e(v.first.grade)})` : ''}: ${e(v.first.parties.join(', '))}, on ${e(formatDay(v.first.date))}.</p>`
      : '';
    return `<figure>${timeSeriesChart(violationChartInput(v, 'chart-violations'))}</figure>${first}`;
  });
  return `${timeline}${themes}${violence}${eventTypes}${parties}${violations}`;
}

function measureValue(m: ScorecardMeasure): string {
  return m.value === null ? '<span class="note">no data</span>' : e(measureText(m));
}

function scorecardSection(data: SituationReportData): string {
  return section(data.scorecard, 'Principles scorecard', (card) =>
    [
      `<p class="note">${e(formatDay(card.period.from))} to ${e(formatDay(card.period.to))}${card.previousPeriod ? `, compared with ${e(formatDay(card.previousPeriod.from))} to ${e(formatDay(card.previousPeriod.to))}` : ''}.</p>`,
      ...card.principles.map(
        (p) =>
          `<div class="principle" data-principle="${e(p.id)}"><h3>${e(p.title)}</h3><table><thead><tr><th scope="col">Measure</th><th scope="col" class="num">Value</th><th scope="col">Trend</th><th scope="col">Note</th></tr></thead><tbody>${p.measures
            .map((m) => `<tr data-measure="${e(m.id)}"><th scope="row">${e(m.label)}</th><td class="num">${measureValue(m)}</td><td>${e(trendText(m))}</td><td>${e(m.note ?? '')}</td></tr>`)
            .join('')}</tbody></table></div>`,
      ),
    ].join(''),
  );
}

function alertsSection(data: SituationReportData): string {
  return section(data.alerts, 'Escalation alerts', ({ method, alerts, total }) => {
    const body =
      alerts.length === 0
        ? '<p data-alerts="0">No escalation alerts in this area and period.</p>'
        : `<table data-alerts="${alerts.length}" data-alerts-total="${total}"><thead><tr><th scope="col">Area</th><th scope="col">Week of</th><th scope="col">Measure</th><th scope="col" class="num">Observed</th><th scope="col" class="num">Expected</th><th scope="col" class="num">p-value</th><th scope="col" class="num">Incidents</th></tr></thead><tbody>${alerts
            .map(
              (a) =>
                `<tr data-week="${e(a.weekStart)}"${a.singleEvent ? ' data-single-event="true"' : ''}><td>${e(a.area.name ?? a.area.code)} <span class="note">(${e(a.area.level)})</span></td><td>${e(formatDay(a.weekStart))}</td><td>${e(a.metric)}${a.singleEvent ? `<br><span class="note">${e(escalationWhat(a))}</span>` : ''}</td><td class="num">${e(formatCount(a.observed))}</td><td class="num">${e(a.expected.toLocaleString('en-GB', { maximumFractionDigits: 1 }))}</td><td class="num">${e(formatPValue(a.pValue))}</td><td class="num">${e(formatCount(a.incidents))}</td></tr>`,
            )
            .join('')}</tbody></table>`;
    const more = total > alerts.length ? ` ${formatCount(total - alerts.length)} more alert${total - alerts.length === 1 ? ' is' : 's are'} not listed.` : '';
    const scope =
      alerts.length === 0
        ? ''
        : `<p class="note">Every complete week of the period was tested; the ${formatCount(alerts.length)} most extreme of ${formatCount(total)} alert${total === 1 ? '' : 's'} are listed, lowest p-value first (equal p-values: the largest excess over expected first).${e(more)}</p>`;
    return `${body}${scope}<p class="note">Method: ${e(method)}</p>`;
  });
}

function detectionRow(d: DetectionView): string {
  return `<tr><td>${e(formatDay(d.dateEarliest ?? d.detectedAt))}</td><td>${e(d.summary)}${d.party ? ` <span class="note">— ${e(d.party)}</span>` : ''}</td><td>${d.grade ? `<span class="badge ${e(d.grade)}">${e(d.grade)}</span>` : ''}</td><td>${d.review ? e(d.review.reason) : ''}</td><td class="num">${e(formatCount(d.incidentIds.length))}</td></tr>`;
}

/** The listed violations, grouped under their site (with how many it has in all) where the list is by site. */
function detectionBodies(list: ViolationList): string {
  if (!list.bySite) return `<tbody>${list.items.map(detectionRow).join('')}</tbody>`;
  return list.bySite
    .map((site) => {
      const rows = list.items.filter((d) => (d.siteId ?? '') === site.siteId);
      if (rows.length === 0) return '';
      return `<tbody data-site="${e(site.siteId)}" data-site-total="${site.total}"><tr class="group"><th scope="rowgroup" colspan="5">${e(site.name)} <span class="note">— ${e(formatCount(site.total))} confirmed</span></th></tr>${rows.map(detectionRow).join('')}</tbody>`;
    })
    .join('');
}

function detectionRows(list: ViolationList, empty: string, kind: string): string {
  const others = [
    list.awaitingReview > 0 &&
      `<span data-awaiting-review="${list.awaitingReview}">${e(formatCount(list.awaitingReview))} possible violation${list.awaitingReview === 1 ? ' awaits' : 's await'} review (in Monitor → Detections).</span>`,
    list.dismissed > 0 && `<span data-dismissed="${list.dismissed}">${e(formatCount(list.dismissed))} ${list.dismissed === 1 ? 'was' : 'were'} dismissed after review.</span>`,
  ].filter((x): x is string => typeof x === 'string');
  const note = others.length > 0 ? `<p class="note">${others.join(' ')}</p>` : '';
  if (list.total === 0) return `<p data-violations="${kind}" data-total="0">${e(empty)}</p>${note}`;
  const more = list.total > list.items.length ? `<p class="note">The ${e(formatCount(list.items.length))} newest of ${e(formatCount(list.total))} are listed.</p>` : '';
  return `<table data-violations="${kind}" data-total="${list.total}"><thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Grade</th><th scope="col">Confirmed because</th><th scope="col" class="num">Incidents</th></tr></thead>${detectionBodies(list)}</table>${more}${note}`;
}

function violationsSection(data: SituationReportData): string {
  return section(data.violations, 'Violations', (v: ReportViolations) =>
    [
      '<p class="note">Violations are detections a person confirmed after review; the others are counted, not listed.</p>',
      '<h3>Attacks on or near protected sites</h3>',
      detectionRows(v.protectedSites, 'No confirmed attacks on or near protected sites.', 'protected_site'),
      '<p class="note"><em>Probable</em>: close enough, and located precisely enough, to have hit the site; <em>possible</em>: near it, or located too roughly to say.</p>',
      '<h3>Humanitarian space (corridors and safe havens while in force)</h3>',
      detectionRows(v.humanitarianSpace, 'No confirmed incidents inside corridors or safe havens while in force.', 'humanitarian_space'),
      '<h3>Ceasefire violations</h3>',
      withoutAgreement(data) ? NO_AGREEMENT : detectionRows(v.ceasefire, 'No confirmed ceasefire violations.', 'ceasefire_violation'),
    ].join(''),
  );
}

function sourcesSection(data: SituationReportData): string {
  return section(data.sources, 'Sources', (sources) =>
    sources.length === 0
      ? '<p>No incidents, so no sources.</p>'
      : `<ul class="sources">${sources
          .map((s) => `<li data-dataset="${e(s.dataset)}"><strong>${e(s.label)}</strong>${s.licence ? ` (${e(s.licence)})` : ''}: ${e(formatCount(s.incidents))} incident${s.incidents === 1 ? '' : 's'}</li>`)
          .join('')}</ul>`,
  );
}

/**
 * The situation report as one self-contained HTML page: no script, no external resource (styles inline, charts and
 * map as inline SVG), printable on A4. Every piece of text from the data is escaped.
 */
export function renderSituationReport(data: SituationReportData, options: RenderOptions): string {
  const title = `Situation report: ${data.area.name}, ${formatDay(data.period.from)} to ${formatDay(data.period.to)}`;
  const areaText = data.area.kind === 'country' ? `${data.area.name} (${data.area.country ?? ''})` : `${data.area.name}: ${data.area.bbox.map((n) => n.toFixed(3)).join(', ')} (west, south, east, north)`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${e(title)}</title>
<style>${SITUATION_REPORT_CSS}</style>
</head>
<body>
<header class="report-header">
<p class="kicker">Haven — situation report</p>
<h1>${e(data.area.name)}</h1>
<p class="period">${e(formatDay(data.period.from))} – ${e(formatDay(data.period.to))}</p>
<dl class="meta"><dt>Area</dt><dd>${e(areaText)}</dd><dt>Generated</dt><dd>${e(formatMoment(data.generatedAt))}${data.generatedBy ? ` by ${e(data.generatedBy)}` : ''}</dd></dl>
</header>
<main>
<section id="figures"><h2>Key figures</h2>${section(data.figures, 'Key figures', keyFigures)}</section>
<section id="map"><h2>Map</h2>${mapSection(data, options)}</section>
<section id="trends"><h2>Trends</h2>${trendsSection(data)}</section>
<section id="scorecard"><h2>Principles scorecard</h2>${scorecardSection(data)}</section>
<section id="alerts"><h2>Escalation alerts</h2>${alertsSection(data)}</section>
<section id="violations"><h2>Violations</h2>${violationsSection(data)}</section>
<section id="sources"><h2>Sources</h2>${sourcesSection(data)}</section>
</main>
<footer><p>Figures count every incident in Haven’s register for the area and period that the reader may see; restricted records they are not named on are left out. Casualty counts are estimates: the best estimate with a low and a high bound, summed bound by bound. Detections are leads for review, not findings: only those a person confirmed are listed as violations.</p></footer>
</body>
</html>
`;
}
