import { h } from './dom.js';

/**
 * The red EXERCISE banner: on every page of an exercise and on each record an exercise made (its incidents, its force
 * requests), so that nobody takes training material for a real report or a real request for force.
 */
export function exerciseBanner(detail: string): HTMLElement {
  return h('p', { class: 'exercise-banner', 'data-testid': 'exercise-banner', role: 'note' }, h('strong', {}, 'EXERCISE'), ` — ${detail}`);
}

/**
 * Exercise material names itself: the script format refuses a mission, title or place without the word EXERCISE
 * (src/core/exercises/exercise-script.schema.ts), so a force request's mission says whether it belongs to one.
 */
export const namesExercise = (name: string): boolean => /EXERCISE/.test(name);
