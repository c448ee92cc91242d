import { greatCircleKm } from '../great-circle.js';
import { isDefensiveMeans } from '../analytics/force-request-figures.js';
import { PRINCIPLE_IDS, type PrincipleId } from '../analytics/scorecard.js';
import { SITE_ALERT_DISTANCE_KM } from '../detection/site-proximity.js';
import { distanceToLineKm, distanceToPolygonEdgeKm, insidePolygon, type LonLat } from '../detection/zone-geometry.js';
import type { MultiLineStringGeometry, LineStringGeometry, MultiPolygonGeometry, PointGeometry, PolygonGeometry } from '../places/geometry.js';
import type { SiteCategory } from '../places/site.schema.js';
import type { ZoneKind } from '../places/zone.schema.js';
import { assess } from '../use-of-force/assess.js';
import { ADVISORY_NOTICE, VERDICTS, type Assessment, type Verdict } from '../use-of-force/assessment.js';
import type { MissionRoe } from '../use-of-force/mission-roe.js';
import { LIFE_PROTECTING_PURPOSES } from '../use-of-force/purposes.js';
import { comparableKindOf, estimateEscalation, type ComparableKind, type EscalationEstimate, type EscalationOptions, type EscalationRegister } from './escalation-estimate.js';
import type { CourseOfAction, ForceAction, PlannedAction, PlanningSituation, ProtectiveAction } from './planning.schema.js';
import { projectCasualties, type ActionHarm, type CasualtyProjection, type ProjectionOptions } from './uncertainty.js';

/**
 * Courses of action side by side: each force action's assessment under both regimes (and why they diverge), the
 * casualties projected with their uncertainty, the protected sites and zones the plan touches, the escalation that
 * followed comparable actions in the register, and the four principles projected for the plan. Pure: the caller
 * gathers the sites, zones and register data; the same input and seed give the same comparison. How each principle is
 * projected is in docs/courses-of-action.md ("Principles").
 */

export interface PlanningSite {
  id: string;
  name: string;
  category: SiteCategory;
  geometry: PointGeometry | PolygonGeometry | MultiPolygonGeometry;
}

export interface PlanningZone {
  id: string;
  name: string;
  kind: ZoneKind;
  geometry: PointGeometry | LineStringGeometry | MultiLineStringGeometry | PolygonGeometry | MultiPolygonGeometry;
  /** Full width around a line or point zone. */
  widthKm?: number;
}

export interface ComparisonContext {
  /** The protected sites and zones of the situation's area, as the register holds them. */
  sites?: readonly PlanningSite[];
  zones?: readonly PlanningZone[];
  /** The register's incidents and past actions for the escalation estimate; absent: not enough data. */
  register?: EscalationRegister;
  /** The mission's ROE card, applied to every force action. */
  roe?: MissionRoe;
  projection?: ProjectionOptions;
  escalation?: EscalationOptions;
}

export interface ForceActionResult {
  /** Position in the course of action, from 1. */
  action: number;
  description: string;
  comparableKind: ComparableKind;
  ihl: { label: string; verdict: Verdict };
  humanSecurity: { label: string; verdict: Verdict };
  /** Why the two verdicts differ; empty when they agree. */
  divergence: string[];
  assessment: Assessment;
}

export interface ProtectiveActionResult {
  action: number;
  kind: ProtectiveAction['kind'];
  description: string;
  probabilityOfSuccess: number | null;
}

export interface PlaceTouch {
  id: string;
  name: string;
  /** The actions (from 1) that touch it, and how: named by the action, or the force's location within reach. */
  by: { action: number; how: 'named' | 'within_alert_distance' | 'inside'; distanceKm?: number }[];
}

export interface ProtectedPlaces {
  sites: (PlaceTouch & { category: SiteCategory })[];
  zones: (PlaceTouch & { kind: ZoneKind })[];
  /** Ids named by actions that the context does not hold. */
  unknownReferences: { action: number; siteId?: string; zoneId?: string }[];
  /** Force actions without a location: the places they may touch are not known. */
  forceActionsWithoutLocation: number[];
}

export interface ProjectedPrinciple {
  id: PrincipleId;
  title: string;
  /** 0 to 1, higher is better; null when it cannot be projected (the reasons say why). */
  score: number | null;
  reasons: string[];
}

export interface CourseResult {
  name: string;
  summary: string;
  forceActions: ForceActionResult[];
  protectiveActions: ProtectiveActionResult[];
  casualties: CasualtyProjection;
  protectedPlaces: ProtectedPlaces;
  /** One estimate per kind of action in the course, in the order the kinds first appear. */
  escalation: { kind: ComparableKind; actions: number[]; estimate: EscalationEstimate }[];
  principles: ProjectedPrinciple[];
  /** The mean of the principles that could be projected; null without the loss-of-life projection. */
  overall: { score: number | null; reasons: string[] };
}

export interface CoaComparison {
  situation: PlanningSituation;
  courses: CourseResult[];
  notice: string;
}

export const COA_NOTICE = `${ADVISORY_NOTICE} A comparison of courses of action projects what planners estimate; its figures are no better than those estimates and the register behind them.`;

const PRINCIPLE_TITLES: Record<PrincipleId, string> = {
  minimise_loss_of_life: 'Minimise all loss of life',
  stability: 'Stability rather than victory',
  defensive_posture: 'Defensive rather than offensive',
  civilian_control_law_based: 'Civilian control and law-based security',
};

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
const pct = (x: number) => `${Math.round(x * 100)} %`;

function actionLabel(index: number, action: PlannedAction): string {
  return `action ${index + 1} (${action.kind.replaceAll('_', ' ')})`;
}

/** A force request's groups as the projection reads them; allied forces come from the planned action, not the request. */
function harmOf(index: number, action: PlannedAction): ActionHarm {
  const label = actionLabel(index, action);
  if (action.kind !== 'force') return { label, effects: action.expected };
  const e = action.request.expectedEffects;
  return { label, effects: { civilians: e.civilians, own: e.ownForce, allies: action.allies ?? {}, opponents: e.opposingForce } };
}

function forceDescription(action: ForceAction): string {
  if (action.description) return action.description;
  const target = action.request.target.description;
  return target ? `${action.request.purpose.replaceAll('_', ' ')}: ${target}` : action.request.purpose.replaceAll('_', ' ');
}

// ---------------------------------------------------------------------------------------------------------------
// Protected places

/** How far a point lies from a site's extent: 0 inside an area. */
function distanceToSiteKm(p: LonLat, site: PlanningSite): number {
  const g = site.geometry;
  switch (g.type) {
    case 'Point':
      return greatCircleKm(p, { lon: g.coordinates[0], lat: g.coordinates[1] });
    case 'Polygon':
      return insidePolygon(p, g.coordinates) ? 0 : distanceToPolygonEdgeKm(p, g.coordinates);
    case 'MultiPolygon':
      return Math.min(...g.coordinates.map((rings) => (insidePolygon(p, rings) ? 0 : distanceToPolygonEdgeKm(p, rings))));
  }
}

/** Whether a point lies in a zone: inside its area, or within half its width of its line or point. */
function insideZone(p: LonLat, zone: PlanningZone): boolean {
  const g = zone.geometry;
  const halfWidth = (zone.widthKm ?? 0) / 2;
  switch (g.type) {
    case 'Point':
      return distanceToLineKm(p, [g.coordinates]) <= halfWidth;
    case 'LineString':
      return distanceToLineKm(p, g.coordinates) <= halfWidth;
    case 'MultiLineString':
      return g.coordinates.some((line) => distanceToLineKm(p, line) <= halfWidth);
    case 'Polygon':
      return insidePolygon(p, g.coordinates);
    case 'MultiPolygon':
      return g.coordinates.some((rings) => insidePolygon(p, rings));
  }
}

function protectedPlaces(actions: readonly PlannedAction[], sites: readonly PlanningSite[], zones: readonly PlanningZone[]): ProtectedPlaces {
  const siteTouches = new Map<string, ProtectedPlaces['sites'][number]>();
  const zoneTouches = new Map<string, ProtectedPlaces['zones'][number]>();
  const unknownReferences: ProtectedPlaces['unknownReferences'] = [];
  const forceActionsWithoutLocation: number[] = [];
  const touchSite = (site: PlanningSite, by: PlaceTouch['by'][number]) => {
    const entry = siteTouches.get(site.id) ?? { id: site.id, name: site.name, category: site.category, by: [] };
    entry.by.push(by);
    siteTouches.set(site.id, entry);
  };
  const touchZone = (zone: PlanningZone, by: PlaceTouch['by'][number]) => {
    const entry = zoneTouches.get(zone.id) ?? { id: zone.id, name: zone.name, kind: zone.kind, by: [] };
    entry.by.push(by);
    zoneTouches.set(zone.id, entry);
  };

  actions.forEach((action, index) => {
    const n = index + 1;
    if (action.kind !== 'force') {
      const site = action.siteId === undefined ? undefined : sites.find((s) => s.id === action.siteId);
      const zone = action.zoneId === undefined ? undefined : zones.find((z) => z.id === action.zoneId);
      if (site) touchSite(site, { action: n, how: 'named' });
      if (zone) touchZone(zone, { action: n, how: 'named' });
      if ((action.siteId !== undefined && !site) || (action.zoneId !== undefined && !zone)) {
        unknownReferences.push({ action: n, ...(action.siteId !== undefined && !site && { siteId: action.siteId }), ...(action.zoneId !== undefined && !zone && { zoneId: action.zoneId }) });
      }
      return;
    }
    const location = action.request.location;
    if (!location) {
      forceActionsWithoutLocation.push(n);
      return;
    }
    for (const site of sites) {
      const distanceKm = distanceToSiteKm(location, site);
      if (distanceKm <= SITE_ALERT_DISTANCE_KM[site.category]) touchSite(site, { action: n, how: 'within_alert_distance', distanceKm: Math.round(distanceKm * 1000) / 1000 });
    }
    for (const zone of zones) if (insideZone(location, zone)) touchZone(zone, { action: n, how: 'inside' });
  });

  const byId = <T extends { id: string }>(a: T, b: T) => a.id.localeCompare(b.id);
  return { sites: [...siteTouches.values()].sort(byId), zones: [...zoneTouches.values()].sort(byId), unknownReferences, forceActionsWithoutLocation };
}

// ---------------------------------------------------------------------------------------------------------------
// Principles

/** A plan with no deaths scores 1; each expected death lowers the score: 1/2 at one, 1/11 at ten. Never negative. */
export const lossOfLifeScore = (expectedDeaths: number): number => 1 / (1 + expectedDeaths);

function projectLossOfLife(casualties: CasualtyProjection): ProjectedPrinciple {
  const all = casualties.all.deaths;
  const groups = (['civilians', 'own', 'allies', 'opponents'] as const).map((g) => {
    const d = casualties.byGroup[g].deaths;
    return `${g} ${fmt(d.mean)} (${fmt(d.interval.low)}–${fmt(d.interval.high)})`;
  });
  const figures = `Expected deaths, every side: mean ${fmt(all.mean)}, 5th–95th percentile ${fmt(all.interval.low)}–${fmt(all.interval.high)}, bounds ${fmt(all.bounds.low)}–${fmt(all.bounds.high)}; by group: ${groups.join(', ')}.`;
  if (!all.complete) {
    return {
      id: 'minimise_loss_of_life',
      title: PRINCIPLE_TITLES.minimise_loss_of_life,
      score: null,
      reasons: [`Not scored: deaths are not estimated for ${all.notEstimated.join('; ')} — the figures are a floor, and a missing estimate is not zero.`, figures],
    };
  }
  return {
    id: 'minimise_loss_of_life',
    title: PRINCIPLE_TITLES.minimise_loss_of_life,
    score: lossOfLifeScore(all.mean),
    reasons: [figures, 'Score 1/(1 + expected deaths of everyone, the mean of the draws): fewer deaths, higher score.'],
  };
}

/** What the register says followed comparable actions: a fall, a rise, or no clear change (the interval spans 0). */
export type EscalationDirection = 'fall' | 'rise' | 'unclear';
export function escalationDirection(estimate: Extract<EscalationEstimate, { status: 'estimated' }>): EscalationDirection {
  const { low, high } = estimate.incidentsPerWeek.interval;
  return high < 0 ? 'fall' : low > 0 ? 'rise' : 'unclear';
}
const DIRECTION_SCORE: Record<EscalationDirection, number> = { fall: 1, unclear: 0.5, rise: 0 };

function projectStability(escalation: CourseResult['escalation']): ProjectedPrinciple {
  const reasons: string[] = [];
  const scores: number[] = [];
  for (const { kind, actions, estimate } of escalation) {
    const name = kind.replaceAll('_', ' ');
    if (estimate.status === 'not_enough_data') {
      reasons.push(`${name} (action ${actions.join(', ')}): not enough data — ${estimate.reason}.`);
      continue;
    }
    const direction = escalationDirection(estimate);
    const i = estimate.incidentsPerWeek;
    reasons.push(
      `${name} (action ${actions.join(', ')}): after ${estimate.sample.actions} comparable actions in ${estimate.sample.areas} area(s), incidents per week changed by ` +
        `${i.meanChange.toFixed(2)} on average (bootstrap 5th–95th ${i.interval.low.toFixed(2)} to ${i.interval.high.toFixed(2)}; ${i.signTest.rises} rose, ${i.signTest.falls} fell, ` +
        `${i.signTest.ties} unchanged, sign test p = ${i.signTest.pValue.toFixed(3)}): ${direction === 'unclear' ? 'no clear change' : `a ${direction}`}.`,
    );
    for (let k = 0; k < actions.length; k++) scores.push(DIRECTION_SCORE[direction]);
  }
  if (scores.length === 0) {
    return { id: 'stability', title: PRINCIPLE_TITLES.stability, score: null, reasons: ['Not scored: the register has not enough data on any kind of action in this course.', ...reasons] };
  }
  return {
    id: 'stability',
    title: PRINCIPLE_TITLES.stability,
    score: scores.reduce((s, x) => s + x, 0) / scores.length,
    reasons: [
      `Score: over the ${scores.length} action(s) whose kind the register can speak for, 1 where violence fell after comparable actions, 0.5 where no clear change, 0 where it rose.`,
      ...reasons,
    ],
  };
}

function projectDefensivePosture(actions: readonly PlannedAction[]): ProjectedPrinciple {
  const force = actions.filter((a): a is ForceAction => a.kind === 'force');
  const protective = actions.length - force.length;
  const protectivePurpose = protective + force.filter((a) => LIFE_PROTECTING_PURPOSES.includes(a.request.purpose)).length;
  const defensiveMeans = protective + force.filter((a) => isDefensiveMeans(a.request.means.weapon)).length;
  const purposeShare = protectivePurpose / actions.length;
  const meansShare = defensiveMeans / actions.length;
  return {
    id: 'defensive_posture',
    title: PRINCIPLE_TITLES.defensive_posture,
    score: (purposeShare + meansShare) / 2,
    reasons: [
      `${protectivePurpose} of ${actions.length} action(s) protective in purpose (${protective} protective action(s) that are not force, ${protectivePurpose - protective} force action(s) to protect life): ${pct(purposeShare)}.`,
      `${defensiveMeans} of ${actions.length} with defensive or less-lethal means (force by means neither offensive nor lethal by design): ${pct(meansShare)}.`,
      'Score: the mean of the two shares.',
    ],
  };
}

/** How law-based a force action is under human security: permitted 1, awaiting information or a judgement 0.5, prohibited 0. */
function lawBasedScore(verdict: Verdict): number {
  if (verdict === 'prohibited') return 0;
  return VERDICTS.indexOf(verdict) >= VERDICTS.indexOf('permitted_with_conditions') ? 1 : 0.5;
}

function projectCivilianControl(force: readonly ForceActionResult[], forceActions: readonly ForceAction[]): ProjectedPrinciple {
  const base = { id: 'civilian_control_law_based', title: PRINCIPLE_TITLES.civilian_control_law_based } as const;
  if (force.length === 0) return { ...base, score: 1, reasons: ['No force is planned: nothing in this course escapes civilian control or the law-enforcement rules.'] };
  const approval = forceActions.filter((a) => a.request.mission.civilianApprovalRequired).length;
  const approvalShare = approval / force.length;
  const lawBased = force.reduce((s, f) => s + lawBasedScore(f.humanSecurity.verdict), 0) / force.length;
  const counts = VERDICTS.map((v) => [v, force.filter((f) => f.humanSecurity.verdict === v).length] as const).filter(([, c]) => c > 0);
  return {
    ...base,
    score: (approvalShare + lawBased) / 2,
    reasons: [
      `${approval} of ${force.length} force action(s) go to the mission's civilian authority for approval: ${pct(approvalShare)}.`,
      `Human-security verdicts: ${counts.map(([v, c]) => `${c} ${v.replaceAll('_', ' ')}`).join(', ')} (permitted 1, awaiting information or judgement 0.5, prohibited 0): ${pct(lawBased)}.`,
      'Score: the mean of the two.',
    ],
  };
}

function overallOf(principles: readonly ProjectedPrinciple[]): CourseResult['overall'] {
  const lossOfLife = principles.find((p) => p.id === 'minimise_loss_of_life');
  if (!lossOfLife || lossOfLife.score === null) return { score: null, reasons: ['No overall score without the loss-of-life projection: every action must estimate deaths for every group.'] };
  const scored = principles.filter((p): p is ProjectedPrinciple & { score: number } => p.score !== null);
  const left = principles.filter((p) => p.score === null).map((p) => p.title);
  return {
    score: scored.reduce((s, p) => s + p.score, 0) / scored.length,
    reasons: [`The mean of ${scored.length} principle score(s), weighted equally${left.length ? `; not scored: ${left.join(', ')}` : ''}. Read the principles, not only this mean.`],
  };
}

// ---------------------------------------------------------------------------------------------------------------

function compareOne(coa: CourseOfAction, context: ComparisonContext): CourseResult {
  const forceActions: ForceAction[] = [];
  const forceResults: ForceActionResult[] = [];
  const protectiveActions: ProtectiveActionResult[] = [];
  coa.actions.forEach((action, index) => {
    if (action.kind === 'force') {
      const assessment = assess(action.request, { ...(context.roe && { roe: context.roe }) });
      forceActions.push(action);
      forceResults.push({
        action: index + 1,
        description: forceDescription(action),
        comparableKind: comparableKindOf(action),
        ihl: { label: assessment.ihl.label, verdict: assessment.ihl.verdict },
        humanSecurity: { label: assessment.humanSecurity.label, verdict: assessment.humanSecurity.verdict },
        divergence: assessment.divergence,
        assessment,
      });
    } else {
      protectiveActions.push({ action: index + 1, kind: action.kind, description: action.description, probabilityOfSuccess: action.probabilityOfSuccess ?? null });
    }
  });

  const casualties = projectCasualties(
    coa.actions.map((action, index) => harmOf(index, action)),
    context.projection,
  );

  const kinds = new Map<ComparableKind, number[]>();
  coa.actions.forEach((action, index) => {
    const kind = comparableKindOf(action);
    kinds.set(kind, [...(kinds.get(kind) ?? []), index + 1]);
  });
  const escalation = [...kinds].map(([kind, actions]) => ({ kind, actions, estimate: estimateEscalation(kind, context.register, context.escalation) }));

  const principles = [
    projectLossOfLife(casualties),
    projectStability(escalation),
    projectDefensivePosture(coa.actions),
    projectCivilianControl(forceResults, forceActions),
  ];
  // The order the scorecard gives them.
  principles.sort((a, b) => PRINCIPLE_IDS.indexOf(a.id) - PRINCIPLE_IDS.indexOf(b.id));

  return {
    name: coa.name,
    summary: coa.summary,
    forceActions: forceResults,
    protectiveActions,
    casualties,
    protectedPlaces: protectedPlaces(coa.actions, context.sites ?? [], context.zones ?? []),
    escalation,
    principles,
    overall: overallOf(principles),
  };
}

/**
 * Compares courses of action in a situation. The input is validated already (planning.schema.ts); every course is
 * projected with the same seed, so that two courses sharing an action draw the same numbers for it in the same place.
 */
export function compareCoursesOfAction(situation: PlanningSituation, coas: readonly CourseOfAction[], context: ComparisonContext = {}): CoaComparison {
  return { situation, courses: coas.map((coa) => compareOne(coa, context)), notice: COA_NOTICE };
}
