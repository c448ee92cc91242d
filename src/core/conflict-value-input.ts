import { DATE_PRECISIONS, LOCATION_PRECISIONS, VIOLENCE_TYPES } from './taxonomy.js';

/**
 * The kind of input a person enters a value of their own in, to resolve a conflict on a field of an incident (the
 * third choice beside keeping the held value and taking the other one). The server validates the value as part of the
 * whole incident; this only picks an input suited to the field, and reads what was typed into the JSON value sent.
 */
export type ConflictValueInput =
  | { kind: 'text' }
  | { kind: 'longText' }
  | { kind: 'number' }
  | { kind: 'date' }
  | { kind: 'select'; options: readonly string[] }
  | { kind: 'boolean' }
  /** Lists and objects (casualties, actors, sources, victims): edited as JSON. */
  | { kind: 'json' };

const BY_PATH: Record<string, ConflictValueInput> = {
  title: { kind: 'text' },
  narrative: { kind: 'longText' },
  dateEarliest: { kind: 'date' },
  dateLatest: { kind: 'date' },
  datePrecision: { kind: 'select', options: DATE_PRECISIONS },
  violenceType: { kind: 'select', options: VIOLENCE_TYPES },
  exercise: { kind: 'boolean' },
  'location.lat': { kind: 'number' },
  'location.lon': { kind: 'number' },
  'location.precision': { kind: 'select', options: LOCATION_PRECISIONS },
  'location.country': { kind: 'text' },
  'location.admin1': { kind: 'text' },
  'location.admin2': { kind: 'text' },
  'location.placeName': { kind: 'text' },
};

/** The input for a field, by its dotted path; a field not named here is edited as JSON. */
export const conflictValueInput = (path: string): ConflictValueInput => BY_PATH[path] ?? { kind: 'json' };

/** What to put in the input at first: the held value, as the input shows it. */
export function conflictInputText(input: ConflictValueInput, held: unknown): string {
  if (held === undefined || held === null) return '';
  if (input.kind === 'json') return JSON.stringify(held, null, 2);
  if (typeof held === 'string') return held;
  return typeof held === 'number' || typeof held === 'boolean' ? String(held) : JSON.stringify(held);
}

/**
 * The value to send for what was typed: text as it is, a number as a number (a text that is not one goes as typed,
 * for the server to say why), JSON parsed. Throws with a
 * reason only for JSON that does not parse: there is no value to send then.
 */
export function conflictInputValue(input: ConflictValueInput, text: string): unknown {
  switch (input.kind) {
    case 'number': {
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n) ? n : text;
    }
    case 'boolean':
      return text === 'true';
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new Error('is not valid JSON: write the value as JSON (a list in [ ], an object in { })');
      }
    case 'text':
    case 'longText':
    case 'date':
    case 'select':
      return text;
  }
}
