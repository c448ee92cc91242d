import fc from 'fast-check';
import { AUTONOMOUS_FUNCTIONS, capabilitySchema, HUMAN_ROLES, LEGAL_REVIEW_STATUSES, TARGET_TYPES, type Capability } from '../../src/core/capabilities/capability.schema.js';

const tri = fc.constantFrom('yes', 'no', 'unknown');

/** Any system the register accepts: every combination of the facts the assessments read, kept when the schema takes it. */
export const anyCapability: fc.Arbitrary<Capability> = fc
  .record({
    isWeapon: fc.boolean(),
    targetTypes: fc.constantFrom(...TARGET_TYPES),
    humanRole: fc.constantFrom(...HUMAN_ROLES),
    functions: fc.subarray([...AUTONOMOUS_FUNCTIONS]),
    predictable: tri,
    deactivate: tri,
    status: fc.constantFrom(...LEGAL_REVIEW_STATUSES),
    conclusion: fc.constantFrom('lawful', 'lawful_with_restrictions', 'unlawful'),
  })
  .map(
    (r) =>
      capabilitySchema.safeParse({
      name: 'generated',
      purpose: 'dual_use',
      isWeapon: r.isWeapon,
      targetTypes: r.targetTypes,
      autonomy: { humanRole: r.humanRole, autonomousFunctions: r.functions, predictable: r.predictable, humanCanDeactivateInTime: r.deactivate },
      legalReview: { status: r.status, ...(r.status === 'completed' && { conclusion: r.conclusion }) },
    }).data,
  )
  .filter((c): c is Capability => c !== undefined);

export const weaponEngagesPersonsWithoutDecision = (c: Capability): boolean =>
  c.isWeapon && (c.targetTypes === 'persons' || c.targetTypes === 'persons_and_objects') && c.autonomy.humanRole !== 'human_decides';

/** A weapon whose review is known not to be completed, or found it unlawful. */
export const weaponWithoutCompletedReview = (c: Capability): boolean =>
  c.isWeapon && (c.legalReview.status === 'not_started' || c.legalReview.status === 'in_progress' || c.legalReview.conclusion === 'unlawful');

/** A weapon whose review the register does not know: never permitted until it is known. */
export const weaponWithUnknownReview = (c: Capability): boolean => c.isWeapon && c.legalReview.status === 'unknown';
