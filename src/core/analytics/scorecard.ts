import { z } from 'zod';
import { countryCodeSchema } from '../countries.js';
import { isoDate, type Estimate } from '../incident.schema.js';
import type { PersonStatus } from '../taxonomy.js';
import type { HoldingsYear } from '../capabilities/posture-balance.js';

/**
 * The principles scorecard: for a mission, an area and a period, the measures of the four human-security principles
 * (Kaldor & Rangelov) as the issue names them. A figure that is missing (no force requests recorded, no ceasefire
 * monitoring connected) is `null` with a note saying so — never a 0 that would read as a perfect score.
 */

export const PRINCIPLE_IDS = ['minimise_loss_of_life', 'stability', 'defensive_posture', 'civilian_control_law_based'] as const;
export type PrincipleId = (typeof PRINCIPLE_IDS)[number];

export const scorecardQuerySchema = z
  .object({
    country: countryCodeSchema.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    /** The mission whose force requests are counted (as named on them); absent: every mission's. */
    mission: z.string().trim().min(1).max(300).optional(),
    exercise: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean()).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before from' });
export type ScorecardQuery = z.output<typeof scorecardQuerySchema>;

export const measureSchema = z.object({
  id: z.string(),
  label: z.string(),
  value: z.number().nullable(),
  low: z.number().optional(),
  high: z.number().optional(),
  trend: z.enum(['rising', 'falling', 'steady']).optional(),
  previous: z.number().optional(),
  unit: z.enum(['people', 'incidents', 'per_week', 'share', 'count']),
  better: z.enum(['lower', 'higher']).optional(),
  note: z.string().optional(),
});
const periodSchema = z.object({ from: z.string(), to: z.string() });

/**
 * How the period was chosen: as asked, or (none asked) the default length ending on the latest incident the reader
 * may see when that is before today (a register that stops in the past still shows its data), else today.
 */
export const PERIOD_BASES = ['query', 'latest_incident', 'today'] as const;
export type PeriodBasis = (typeof PERIOD_BASES)[number];

/** What GET /monitoring/scorecard answers: a Scorecard. */
export const scorecardResultSchema = z.object({
  period: periodSchema,
  periodBasis: z.enum(PERIOD_BASES),
  previousPeriod: periodSchema,
  country: z.string().nullable(),
  mission: z.string().nullable(),
  principles: z.array(z.object({ id: z.enum(PRINCIPLE_IDS), title: z.string(), measures: z.array(measureSchema) })),
});

export type Trend = 'rising' | 'falling' | 'steady';

export interface Measure {
  id: string;
  label: string;
  /** null = no data (the note says why). Shares are fractions 0–1. */
  value: number | null;
  low?: number;
  high?: number;
  /** Against the previous period of the same length. */
  trend?: Trend;
  /** The same measure in the previous period. */
  previous?: number;
  unit: 'people' | 'incidents' | 'per_week' | 'share' | 'count';
  /** Whether lower or higher values are the better ones under the principle. */
  better?: 'lower' | 'higher';
  note?: string;
}

export interface Principle {
  id: PrincipleId;
  title: string;
  measures: Measure[];
}

export interface Scorecard {
  period: { from: string; to: string };
  periodBasis: PeriodBasis;
  previousPeriod: { from: string; to: string };
  country: string | null;
  /** The mission whose force requests were counted; null: every mission's. */
  mission: string | null;
  principles: Principle[];
}

export interface CeasefireAdherence {
  /** Agreements in force at some time in the period (in the area, when one is asked for). */
  agreementsInForce: number;
  /** Violations detected in the period, not dismissed. */
  violations: number;
  /** Days in the period on which at least one agreement was in force, and of those the days with a violation. */
  daysInForce: number;
  daysWithViolation: number;
}

export interface ForceRequestFigures {
  /** Requests made in the period. */
  total: number;
  /** Of those, with a purpose that protects life (protecting civilians, self-defence, defence of others, humanitarian space, a ceasefire). */
  protectivePurpose: number;
  /** With means that are neither offensive (strike, bombardment, heavy explosive weapons) nor otherwise lethal by design. */
  defensiveMeans: number;
  /** With less-lethal means (baton, projectiles, electric weapon, riot-control agent, water cannon) or a warning shot. */
  lessLethalMeans: number;
  /** The commander's authorisations that reached a final answer: approved or rejected by the civilian authority, or authorised where the mission required no approval. */
  approvedByCivilianAuthority: number;
  rejectedByCivilianAuthority: number;
  authorisedWithoutApproval: number;
  awaitingApproval: number;
  /** Force used in emergency self-defence, recorded for review afterwards. */
  emergencyUses: number;
}

export interface ArrestFigures {
  /** Suspects arrested or who surrendered, and suspects killed, in the period. */
  takenAlive: number;
  killed: number;
}

/** What the capability register holds in the year the period ends (see src/core/capabilities/posture-balance.ts). */
export interface HoldingsFigures {
  year: number;
  /** Systems in the register, in service that year or not. */
  registered: number;
  holdings: HoldingsYear;
}

export interface ScorecardFigures {
  period: { from: string; to: string };
  /** Absent: the period was asked for. */
  periodBasis?: PeriodBasis;
  previousPeriod: { from: string; to: string };
  country: string | null;
  /** The mission the force-request figures are for; null: every mission's. */
  mission?: string | null;
  /** `straddling`: incidents whose date window overlaps the period without lying inside it (not counted). */
  incidents: { current: number; previous: number; straddling?: number | undefined };
  deaths: { current: Estimate; previous: Estimate; byStatus: Partial<Record<PersonStatus, Estimate>> };
  /** undefined: no ceasefire monitoring is connected. */
  ceasefire?: CeasefireAdherence | undefined;
  /** undefined: the force-request records could not be read (`forceRequestsUnavailable` says why). */
  forceRequests?: ForceRequestFigures | undefined;
  forceRequestsUnavailable?: string | undefined;
  /** undefined: the reader may not see accountability cases, or there is no case register. */
  arrests?: ArrestFigures | undefined;
  /** Why arrests are missing, when they are. */
  arrestsUnavailable?: string | undefined;
  /** undefined: the capability register could not be read (`holdingsUnavailable` says why). */
  holdings?: HoldingsFigures | undefined;
  holdingsUnavailable?: string | undefined;
}

/** Inclusive days from `from` to `to`. */
export function daysInPeriod(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The period of the same length that ends the day before `from`. */
export function previousPeriodOf(period: { from: string; to: string }): { from: string; to: string } {
  const days = daysInPeriod(period.from, period.to);
  const day = (offset: number) => new Date(Date.parse(`${period.from}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
  return { from: day(-days), to: day(-1) };
}

/** A change of less than a tenth (or none at all) is steady: the scorecard shows direction, not significance. */
export function trendOf(current: number, previous: number): Trend {
  if (current === previous) return 'steady';
  if (previous === 0) return current > 0 ? 'rising' : 'steady';
  const change = (current - previous) / previous;
  return change > 0.1 ? 'rising' : change < -0.1 ? 'falling' : 'steady';
}

const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
const NO_FORCE_REQUESTS = 'no data: no force requests were made in the period';

const STATUS_GROUPS: { id: string; label: string; statuses: PersonStatus[] }[] = [
  { id: 'deaths_civilian', label: 'Civilians killed', statuses: ['civilian'] },
  { id: 'deaths_own_and_allied', label: 'Own and allied forces killed', statuses: ['own_force', 'allied_force'] },
  { id: 'deaths_opposing_and_combatants', label: 'Opposing forces and other combatants killed', statuses: ['opposing_force', 'combatant'] },
  { id: 'deaths_status_unknown', label: 'Killed, status unknown', statuses: ['unknown'] },
];

function datingNote(f: ScorecardFigures): string | undefined {
  const notes = [
    ...(f.incidents.current === 0 ? ['no incidents are recorded for the area in the period'] : []),
    ...(f.incidents.straddling ? [`${f.incidents.straddling} incident(s) dated too loosely to say whether they fall in the period are not counted`] : []),
  ];
  return notes.length ? notes.join('; ') : undefined;
}

const HOLDINGS_LABEL = 'Defensive and protective share of holdings (capability register)';

/**
 * The defensive share of what the capability register holds in the year the period ends: units (quantities) of
 * defensive, protective and peace-operations systems over units of every class but conversion (DEFENSIVE_SHARE_DEFINITION
 * in posture-balance.ts). Systems without a quantity are not counted and the note says how many; a register with no
 * quantities in service that year is no data. The register is the force's, not the area's: it carries no country.
 */
function holdingsMeasure(f: ScorecardFigures): Measure {
  const base = { id: 'defensive_share_of_holdings', label: HOLDINGS_LABEL, unit: 'share', better: 'higher' } as const;
  const figures = f.holdings;
  if (!figures) return { ...base, value: null, note: `no data: ${f.holdingsUnavailable ?? 'the capability register could not be read'}` };
  const { year, registered, holdings } = figures;
  const lacking = holdings.withoutQuantity.length;
  const lackingNote = lacking > 0 ? `${lacking} system(s) in service without a quantity not counted (${holdings.withoutQuantity.map((s) => s.name).join(', ')})` : 'every system in service has a quantity';
  if (registered === 0) return { ...base, value: null, note: 'no data: the capability register holds no systems' };
  if (holdings.defensiveShare === null) {
    return { ...base, value: null, note: `no data: the capability register holds no quantities for systems in service in ${year} (${holdings.systems} of ${registered} system(s) in service; ${lackingNote})` };
  }
  const defensiveUnits = holdings.units.defensive + holdings.units.protective + holdings.units.peace_operations;
  return {
    ...base,
    value: holdings.defensiveShare,
    note:
      `source: the capability register, systems in service in ${year}: ${defensiveUnits} of ${holdings.totalUnits} unit(s) defensive, protective or for peace operations ` +
      `(offensive ${holdings.units.offensive}, dual-use ${holdings.units.dual_use}, nuclear ${holdings.units.nuclear}); ${lackingNote}; the force's register, not the area's`,
  };
}

export function principlesScorecard(f: ScorecardFigures): Scorecard {
  const weeks = daysInPeriod(f.period.from, f.period.to) / 7;
  const previousWeeks = daysInPeriod(f.previousPeriod.from, f.previousPeriod.to) / 7;
  const rate = (n: number, w: number) => Math.round((n / w) * 100) / 100;

  const lossOfLife: Measure[] = [
    {
      id: 'deaths_all',
      label: 'People killed, every side (civilians, own, allied and opposing forces)',
      value: f.deaths.current.best,
      low: f.deaths.current.low,
      high: f.deaths.current.high,
      trend: trendOf(f.deaths.current.best, f.deaths.previous.best),
      previous: f.deaths.previous.best,
      unit: 'people',
      better: 'lower',
      ...(datingNote(f) && { note: datingNote(f) }),
    },
    ...STATUS_GROUPS.map((g): Measure => {
      const e = { low: 0, best: 0, high: 0 };
      for (const s of g.statuses) {
        const x = f.deaths.byStatus[s];
        if (!x) continue;
        e.low += x.low;
        e.best += x.best;
        e.high += x.high;
      }
      return { id: g.id, label: g.label, value: e.best, low: e.low, high: e.high, unit: 'people', better: 'lower' };
    }),
  ];

  const ceasefire = f.ceasefire;
  const stability: Measure[] = [
    {
      id: 'incident_rate',
      label: 'Incidents per week',
      value: rate(f.incidents.current, weeks),
      trend: trendOf(f.incidents.current / weeks, f.incidents.previous / previousWeeks),
      previous: rate(f.incidents.previous, previousWeeks),
      unit: 'per_week',
      better: 'lower',
    },
    !ceasefire
      ? { id: 'ceasefire_adherence', label: 'Share of ceasefire days without a violation', value: null, unit: 'share', better: 'higher', note: 'no data: no ceasefire monitoring is connected' }
      : ceasefire.daysInForce === 0
        ? { id: 'ceasefire_adherence', label: 'Share of ceasefire days without a violation', value: null, unit: 'share', better: 'higher', note: 'no data: no ceasefire or local agreement was in force in the period' }
        : {
            id: 'ceasefire_adherence',
            label: 'Share of ceasefire days without a violation',
            value: (ceasefire.daysInForce - ceasefire.daysWithViolation) / ceasefire.daysInForce,
            unit: 'share',
            better: 'higher',
            note: `${ceasefire.agreementsInForce} agreement(s) in force on ${ceasefire.daysInForce} day(s)`,
          },
    ceasefire && ceasefire.daysInForce > 0
      ? { id: 'ceasefire_violations', label: 'Ceasefire violations detected', value: ceasefire.violations, unit: 'count', better: 'lower' }
      : { id: 'ceasefire_violations', label: 'Ceasefire violations detected', value: null, unit: 'count', better: 'lower', note: 'no data: no ceasefire in force is monitored' },
  ];

  const force = f.forceRequests;
  const unreadable = `no data: ${f.forceRequestsUnavailable ?? 'force requests could not be read'}`;
  const missionWide = f.mission ? `mission ${f.mission}; force requests carry no country` : 'every mission; force requests carry no country';
  const forceShare = (id: string, label: string, part: (r: ForceRequestFigures) => number, better: 'higher' | 'lower'): Measure =>
    !force || force.total === 0
      ? { id, label, value: null, unit: 'share', better, note: force ? NO_FORCE_REQUESTS : unreadable }
      : { id, label, value: share(part(force), force.total), unit: 'share', better, note: `${part(force)} of ${force.total} requests; ${missionWide}` };
  const defensive: Measure[] = [
    forceShare('protective_purpose_share', 'Share of force requests with a protective purpose', (r) => r.protectivePurpose, 'higher'),
    forceShare('defensive_means_share', 'Share of force requests with defensive or less-lethal means', (r) => r.defensiveMeans, 'higher'),
    forceShare('less_lethal_means_share', 'Share of force requests with less-lethal means', (r) => r.lessLethalMeans, 'higher'),
    holdingsMeasure(f),
  ];

  const decided = force ? force.approvedByCivilianAuthority + force.rejectedByCivilianAuthority + force.authorisedWithoutApproval : 0;
  const arrests = f.arrests;
  const civilian: Measure[] = [
    !force || decided === 0
      ? {
          id: 'civilian_approval_share',
          label: 'Share of decisions to use force approved by the civilian authority',
          value: null,
          unit: 'share',
          better: 'higher',
          note: force ? 'no data: no decision to use force reached a final answer in the period' : unreadable,
        }
      : {
          id: 'civilian_approval_share',
          label: 'Share of decisions to use force approved by the civilian authority',
          value: force.approvedByCivilianAuthority / decided,
          unit: 'share',
          better: 'higher',
          note:
            `${force.approvedByCivilianAuthority} approved, ${force.rejectedByCivilianAuthority} rejected by the civilian authority, ` +
            `${force.authorisedWithoutApproval} authorised without civilian approval` +
            (force.awaitingApproval ? `; ${force.awaitingApproval} awaiting approval (not counted)` : '') +
            `; ${missionWide}`,
        },
    force
      ? { id: 'emergency_uses_of_force', label: 'Force used in emergency self-defence without prior approval', value: force.emergencyUses, unit: 'count', better: 'lower', note: missionWide }
      : { id: 'emergency_uses_of_force', label: 'Force used in emergency self-defence without prior approval', value: null, unit: 'count', better: 'lower', note: unreadable },
    !arrests
      ? { id: 'arrests_versus_killings', label: 'Suspects taken alive (arrested or surrendered) as a share of those taken alive or killed', value: null, unit: 'share', better: 'higher', note: `no data: ${f.arrestsUnavailable ?? 'no case register'}` }
      : arrests.takenAlive + arrests.killed === 0
        ? { id: 'arrests_versus_killings', label: 'Suspects taken alive (arrested or surrendered) as a share of those taken alive or killed', value: null, unit: 'share', better: 'higher', note: 'no data: no suspect was arrested, surrendered or killed in the period' }
        : {
            id: 'arrests_versus_killings',
            label: 'Suspects taken alive (arrested or surrendered) as a share of those taken alive or killed',
            value: arrests.takenAlive / (arrests.takenAlive + arrests.killed),
            unit: 'share',
            better: 'higher',
            note: `${arrests.takenAlive} taken alive, ${arrests.killed} killed; mission-wide: cases carry no country`,
          },
  ];

  return {
    period: f.period,
    periodBasis: f.periodBasis ?? 'query',
    previousPeriod: f.previousPeriod,
    country: f.country,
    mission: f.mission ?? null,
    principles: [
      { id: 'minimise_loss_of_life', title: 'Minimise all loss of life', measures: lossOfLife },
      { id: 'stability', title: 'Stability rather than victory', measures: stability },
      { id: 'defensive_posture', title: 'Defensive rather than offensive', measures: defensive },
      { id: 'civilian_control_law_based', title: 'Civilian control and law-based security', measures: civilian },
    ],
  };
}
