import type { EscalationRegister, PastAction, RegisterIncident } from '../../../src/core/courses-of-action/escalation-estimate.js';

/**
 * A small register made by hand, whose escalation estimate for patrols (2 weeks either side) is worked out by hand in
 * escalation-estimate.test.ts. Cells A, B and C are area cells; D has incidents but no action.
 */
const day = (date: string, cell: string, deaths: number): RegisterIncident => ({ dateEarliest: date, dateLatest: date, cell, deaths });

export const HAND_INCIDENTS: RegisterIncident[] = [
  // Cell A, around P1 (2024-03-15): before 03-01..03-14, after 03-16..03-29.
  day('2024-03-02', 'A', 2),
  day('2024-03-10', 'A', 0),
  day('2024-03-15', 'A', 5), // the day of the action: neither window
  day('2024-03-20', 'A', 1),
  // Cell A, around P2 (2024-04-15): before 04-01..04-14, after 04-16..04-29.
  day('2024-04-05', 'A', 3),
  day('2024-04-20', 'A', 0),
  day('2024-04-25', 'A', 4),
  { dateEarliest: '2024-04-10', dateLatest: '2024-04-18', cell: 'A', deaths: 10 }, // dated across the action: neither window
  // Cell B, around P3 (2024-05-15): before 05-01..05-14, after 05-16..05-29.
  day('2024-05-03', 'B', 1),
  day('2024-05-06', 'B', 1),
  day('2024-05-09', 'B', 2),
  day('2024-05-12', 'B', 0),
  day('2024-05-20', 'B', 1),
  // Cell B, around P4 (2024-06-14): before 05-31..06-13, after 06-15..06-28 — nothing in either.
  // Cell C, around P5 (2024-07-15): before 07-01..07-14, after 07-16..07-29.
  day('2024-07-02', 'C', 6),
  day('2024-07-17', 'C', 2),
  day('2024-07-28', 'C', 0),
  // Cell C, around P6 (2024-08-15): before 08-01..08-14, after 08-16..08-29 (both edges inclusive).
  day('2024-08-01', 'C', 1),
  day('2024-08-14', 'C', 1),
  day('2024-08-29', 'C', 3),
  day('2024-08-30', 'C', 7), // a day past the after window
  // Cell D: no action there.
  day('2024-03-16', 'D', 50),
];

const patrol = (ref: string, date: string, cell: string): PastAction => ({ kind: 'patrol', date, cell, ref });

export const HAND_ACTIONS: PastAction[] = [
  patrol('P1', '2024-03-15', 'A'),
  patrol('P2', '2024-04-15', 'A'),
  patrol('P3', '2024-05-15', 'B'),
  patrol('P4', '2024-06-14', 'B'),
  patrol('P5', '2024-07-15', 'C'),
  patrol('P6', '2024-08-15', 'C'),
  // Too close to the start of the coverage: its before window would begin on 2023-12-22.
  patrol('P7', '2024-01-05', 'A'),
  // Another kind: not comparable with patrols.
  { kind: 'corridor', date: '2024-04-15', cell: 'A', ref: 'K1' },
  { kind: 'force_hostilities', date: '2024-05-01', cell: 'B', ref: 'F1' },
];

export const HAND_REGISTER: EscalationRegister = { coverage: { from: '2024-01-01', to: '2024-12-31' }, incidents: HAND_INCIDENTS, pastActions: HAND_ACTIONS };
