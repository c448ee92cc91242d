import { describe, expect, it } from 'vitest';
import { conflictInputText, conflictInputValue, conflictValueInput } from '../../src/core/conflict-value-input.js';
import { DATE_PRECISIONS } from '../../src/core/taxonomy.js';

describe('the input a person enters a value of their own in, to resolve a conflict', () => {
  it('suits the field: text, long text, date, number, a list of choices, yes or no; lists and objects as JSON', () => {
    expect(conflictValueInput('title')).toEqual({ kind: 'text' });
    expect(conflictValueInput('narrative')).toEqual({ kind: 'longText' });
    expect(conflictValueInput('dateLatest')).toEqual({ kind: 'date' });
    expect(conflictValueInput('location.lat')).toEqual({ kind: 'number' });
    expect(conflictValueInput('datePrecision')).toEqual({ kind: 'select', options: DATE_PRECISIONS });
    expect(conflictValueInput('exercise')).toEqual({ kind: 'boolean' });
    expect(conflictValueInput('casualties')).toEqual({ kind: 'json' });
    expect(conflictValueInput('sensitive.victims')).toEqual({ kind: 'json' });
  });

  it('starts from the held value as the input shows it', () => {
    expect(conflictInputText({ kind: 'text' }, 'Shelling')).toBe('Shelling');
    expect(conflictInputText({ kind: 'number' }, 12.5)).toBe('12.5');
    expect(conflictInputText({ kind: 'text' }, undefined)).toBe('');
    expect(conflictInputText({ kind: 'json' }, [{ kind: 'killed' }])).toBe('[\n  {\n    "kind": "killed"\n  }\n]');
  });

  it('reads what was typed into the value sent: numbers as numbers, anything else as typed for the server to judge', () => {
    expect(conflictInputValue({ kind: 'number' }, '12.5')).toBe(12.5);
    expect(conflictInputValue({ kind: 'number' }, 'twelve')).toBe('twelve');
    expect(conflictInputValue({ kind: 'number' }, '')).toBe('');
    expect(conflictInputValue({ kind: 'boolean' }, 'false')).toBe(false);
    expect(conflictInputValue({ kind: 'date' }, '2024-03-05')).toBe('2024-03-05');
    expect(conflictInputValue({ kind: 'json' }, '[{"kind":"killed"}]')).toEqual([{ kind: 'killed' }]);
    expect(() => conflictInputValue({ kind: 'json' }, '[{')).toThrow('is not valid JSON');
  });
});
