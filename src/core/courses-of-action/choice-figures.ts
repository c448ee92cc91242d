import type { CourseFigures } from './coa-api.schema.js';
import type { CourseResult } from './compare.js';

/**
 * A course's figures as the ledger seals them when a course is chosen: the verdicts, the casualty intervals of
 * everyone and of civilians, the protected places touched, the escalation estimates and the principles — for the
 * chosen course and every other, so the record shows what was set aside as well as what was chosen.
 */
export function courseFigures(course: CourseResult, chosen: boolean): CourseFigures {
  const total = (t: CourseResult['casualties']['all']['deaths']) => ({ mean: t.mean, median: t.median, interval: t.interval, bounds: t.bounds, complete: t.complete });
  const civilians = course.casualties.byGroup.civilians.deaths;
  return {
    name: course.name,
    chosen,
    actions: course.forceActions.length + course.protectiveActions.length,
    verdicts: course.forceActions.map((f) => ({ action: f.action, ihl: f.ihl.verdict, humanSecurity: f.humanSecurity.verdict, divergent: f.ihl.verdict !== f.humanSecurity.verdict })),
    deaths: total(course.casualties.all.deaths),
    injuries: total(course.casualties.all.injuries),
    civilianDeaths: { mean: civilians.mean, interval: civilians.interval, complete: civilians.complete },
    protectedPlaces: {
      sites: course.protectedPlaces.sites.map((s) => s.id),
      zones: course.protectedPlaces.zones.map((z) => z.id),
      forceActionsWithoutLocation: course.protectedPlaces.forceActionsWithoutLocation,
    },
    escalation: course.escalation.map(({ kind, actions, estimate }) => ({
      kind,
      status: estimate.status,
      meanChange: estimate.status === 'estimated' ? estimate.incidentsPerWeek.meanChange : null,
      interval: estimate.status === 'estimated' ? estimate.incidentsPerWeek.interval : null,
      actions: actions.length,
    })),
    principles: course.principles.map((p) => ({ id: p.id, score: p.score })),
    overall: course.overall.score,
  };
}
