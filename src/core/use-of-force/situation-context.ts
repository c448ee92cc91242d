import type { Estimate } from '../incident.schema.js';
import type { TraceEntry } from './assessment.js';
import type { ForceRequest } from './force-request.schema.js';

/**
 * What the register knows about the place of a proposed use of force, gathered by the application from the store and
 * handed to the engine as data, so the engine stays pure: recent harm to people there, and the protected sites near it.
 */
export interface NearbyIncident {
  id: string;
  title: string;
  /** The incident's start date (YYYY-MM-DD). */
  date: string;
  distanceKm: number;
  killedBest: number;
}

export interface NearbySite {
  id: string;
  name: string;
  category: string;
  distanceKm: number;
}

export interface SituationContext {
  /** The day the context describes (the request's time, or when it was assessed). */
  asOf: string;
  radiusKm: number;
  sinceDays: number;
  recentIncidents: {
    count: number;
    killed: Estimate;
    civilianKilled: Estimate;
    childrenKilledOrInjured: number;
    /** The nearest few, nearest first. */
    nearest: NearbyIncident[];
  };
  /** Protected sites within the radius, nearest first; `available` is false while no site register is connected. */
  protectedSites: { available: boolean; sites: NearbySite[] };
}

/** Sites this close are inside the effects of almost any weapon short of a rifle shot. */
export const SITE_DANGER_RADIUS_KM = 1;

const km = (d: number) => (d < 1 ? `${Math.round(d * 1000)} m` : `${d.toFixed(1)} km`);
const range = (e: Estimate) => (e.low === e.high ? `${e.best}` : `${e.best} (${e.low}–${e.high})`);

function describeHistory(c: SituationContext): string {
  const r = c.recentIncidents;
  if (r.count === 0) return `The register holds no incident within ${c.radiusKm} km in the ${c.sinceDays} days before ${c.asOf}.`;
  const children = r.childrenKilledOrInjured > 0 ? `, ${r.childrenKilledOrInjured} children killed or injured` : '';
  return `The register holds ${r.count} incident${r.count === 1 ? '' : 's'} within ${c.radiusKm} km in the ${c.sinceDays} days before ${c.asOf}: ${range(r.killed)} killed, ${range(r.civilianKilled)} of them civilians${children}.`;
}

/**
 * The context as a trace entry in both columns. Protected sites close to the target make the request's claim of no
 * damage to civilian objects a fact to confirm, and otherwise a condition (keep them out of the effects); the history
 * of harm is there to be read, not to decide.
 */
export function situationContextEntry(r: ForceRequest, context: SituationContext | undefined): TraceEntry {
  const base = {
    ruleId: 'ENGINE-CONTEXT',
    ruleSet: 'engine' as const,
    source: 'Haven engine; the register of incidents and protected sites (CIHL R15–R17: take account of what is known about the place)',
    statement: 'Bring what the register knows about the place to bear: recent harm to people there, and protected sites near the target.',
    verification: 'V' as const,
  };
  if (!context) {
    const reason = r.location
      ? 'The register was not consulted (the request was assessed on its own facts, without a database), so nothing it holds about this place is brought to bear.'
      : 'The request gives no location, so nothing in the register can be brought to bear.';
    return { ...base, finding: { outcome: 'not_applicable', reason } };
  }
  const history = describeHistory(context);
  const sites = context.protectedSites.available ? '' : ' No register of protected sites is connected yet: check for hospitals, schools and shelters by other means.';
  const close = context.protectedSites.sites.filter((s) => s.distanceKm <= SITE_DANGER_RADIUS_KM);
  if (close.length === 0) return { ...base, finding: { outcome: 'satisfied', reason: `${history}${sites}`, facts: ['location'] } };
  const named = close
    .slice(0, 5)
    .map((s) => `${s.name} (${s.category.replaceAll('_', ' ')}, ${km(s.distanceKm)})`)
    .join('; ');
  if (r.expectedEffects.civilianObjectDamage === 'none') {
    return {
      ...base,
      finding: {
        outcome: 'needs_fact',
        reason: `${close.length} protected site${close.length === 1 ? '' : 's'} within ${km(SITE_DANGER_RADIUS_KM)} of the target — ${named} — yet the request expects no damage to civilian objects: confirm it. ${history}`,
        missing: ['expectedEffects.civilianObjectDamage'],
      },
    };
  }
  return {
    ...base,
    finding: {
      outcome: 'condition',
      reason: `${history}`,
      condition: `Keep the protected sites near the target out of the effects, and warn them: ${named}`,
      facts: ['location', 'expectedEffects.civilianObjectDamage'],
    },
  };
}
