import { countryName } from '../../../src/core/countries.js';
import type { Incident } from '../../../src/core/incident.schema.js';
import { violenceTypeLabelOf } from '../../../src/reporting/status-labels.js';
import { dateWindowText, formatCount, humanize, timestampText } from '../shared/format.js';

/** What tells one incident from another in a line: when, where, what kind of violence, how many were killed. */
export interface IncidentFacts {
  dateEarliest: string | null;
  dateLatest: string | null;
  country: string | null;
  place: string | null;
  violenceType: string | null;
  killedBest: number | null;
}

/** What tells one evidence item from another in a line: its kind, when it was received, what it is. */
export interface EvidenceFacts {
  kind: string | null;
  receivedAt: string | null;
  description: string | null;
}

/** The facts of an incident as the register lists it (the picker's results). */
export function incidentFactsOf(incident: Pick<Incident, 'dateEarliest' | 'dateLatest' | 'location' | 'violenceType' | 'killed'>): IncidentFacts {
  const { location } = incident;
  return {
    dateEarliest: incident.dateEarliest,
    dateLatest: incident.dateLatest,
    country: location.country,
    place: location.placeName ?? location.admin2 ?? location.admin1 ?? null,
    violenceType: incident.violenceType ?? null,
    killedBest: incident.killed.best,
  };
}

/** "2024-03-01 – 2024-03-02 · Gwoza, Nigeria · One-sided (against civilians) · 5 killed": the parts known, in that order. */
export function incidentLine(facts: IncidentFacts): string {
  const when = facts.dateEarliest ? dateWindowText(facts.dateEarliest, facts.dateLatest ?? facts.dateEarliest) : null;
  const where = [facts.place, facts.country ? countryName(facts.country) : null].filter(Boolean).join(', ') || null;
  const kind = facts.violenceType ? violenceTypeLabelOf(facts.violenceType) : null;
  const killed = facts.killedBest === null ? null : facts.killedBest === 0 ? 'no one killed' : `${formatCount(facts.killedBest)} killed`;
  return [when, where, kind, killed].filter(Boolean).join(' · ');
}

const MAX_DESCRIPTION = 80;

/** "Document · received 6 Dec 2026, 15:40 UTC · Trader’s account of the shelling" (a long description cut with an ellipsis). */
export function evidenceLine(facts: EvidenceFacts): string {
  const description = facts.description?.trim();
  return [
    facts.kind ? humanize(facts.kind) : null,
    facts.receivedAt ? `received ${timestampText(facts.receivedAt)}` : null,
    description ? (description.length > MAX_DESCRIPTION ? `${description.slice(0, MAX_DESCRIPTION - 1).trimEnd()}…` : description) : null,
  ]
    .filter(Boolean)
    .join(' · ');
}
