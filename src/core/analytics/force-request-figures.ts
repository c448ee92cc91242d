import type { ForcePurpose, WeaponClass } from '../use-of-force/force-request.schema.js';
import { LIFE_PROTECTING_PURPOSES } from '../use-of-force/purposes.js';
import type { RequestStatus } from '../use-of-force/request-workflow.js';
import { INHERENTLY_LETHAL, LESS_LETHAL, OFFENSIVE_MEANS } from '../use-of-force/weapon-classes.js';
import type { ForceRequestFigures } from './scorecard.js';

/** What the scorecard reads of one force request. */
export interface ForceRequestFacts {
  purpose: ForcePurpose;
  /** undefined when the stored request does not name a known weapon class. */
  weapon: WeaponClass | undefined;
  status: RequestStatus;
  /** Force already used in self-defence before anyone could be asked. */
  emergency: boolean;
}

/** Defensive or less-lethal: neither an offensive capability nor a means that kills by design. */
export const isDefensiveMeans = (weapon: WeaponClass) => !OFFENSIVE_MEANS.includes(weapon) && !INHERENTLY_LETHAL.includes(weapon);
export const isLessLethalMeans = (weapon: WeaponClass) => LESS_LETHAL.includes(weapon) || weapon === 'warning_shot';

export function forceRequestFigures(requests: readonly ForceRequestFacts[]): ForceRequestFigures {
  const figures: ForceRequestFigures = {
    total: 0,
    protectivePurpose: 0,
    defensiveMeans: 0,
    lessLethalMeans: 0,
    approvedByCivilianAuthority: 0,
    rejectedByCivilianAuthority: 0,
    authorisedWithoutApproval: 0,
    awaitingApproval: 0,
    emergencyUses: 0,
  };
  for (const r of requests) {
    figures.total++;
    if (LIFE_PROTECTING_PURPOSES.includes(r.purpose)) figures.protectivePurpose++;
    if (r.weapon !== undefined && isDefensiveMeans(r.weapon)) figures.defensiveMeans++;
    if (r.weapon !== undefined && isLessLethalMeans(r.weapon)) figures.lessLethalMeans++;
    if (r.emergency) figures.emergencyUses++;
    switch (r.status) {
      case 'approved':
        figures.approvedByCivilianAuthority++;
        break;
      case 'rejected':
        figures.rejectedByCivilianAuthority++;
        break;
      case 'authorised':
        figures.authorisedWithoutApproval++;
        break;
      case 'awaiting_approval':
        figures.awaitingApproval++;
        break;
      case 'reviewed_after_emergency':
      case 'awaiting_review':
      case 'awaiting_decision':
      case 'denied':
        break;
    }
  }
  return figures;
}
