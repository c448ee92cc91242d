import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEPARTURE_RULES } from '../../../src/core/exercises/after-action-review.js';
import { parseExerciseScript } from '../../../src/core/exercises/exercise-script.schema.js';
import { SHIPPED_EXERCISE_SCRIPTS } from '../../../src/core/exercises/scripts/index.js';

const doc = readFileSync(new URL('../../../docs/exercises.md', import.meta.url), 'utf8');

describe('docs/exercises.md', () => {
  it('documents every departure rule', () => {
    for (const rule of Object.keys(DEPARTURE_RULES)) expect(doc).toContain(`\`${rule}\``);
  });

  it('tables every inject of the shipped exercises at its minute', () => {
    for (const script of SHIPPED_EXERCISE_SCRIPTS.map((s) => parseExerciseScript(s))) {
      expect(doc).toContain(`\`${script.id}\``);
      const rows = doc.split(`\`${script.id}\``)[1]!.split('\n### ')[0]!.split('\n').filter((line) => /^\| \d+ \|/.test(line));
      expect(rows.map((row) => Number(row.split('|')[1]))).toEqual(script.injects.map((i) => i.atMinute));
      rows.forEach((row, index) => expect(row.split('|')[3]!.trim()).toMatch(new RegExp(`^${script.injects[index]!.kind.replace('_', ' ')}`)));
    }
  });
});
