import { h } from './dom.js';

/**
 * The red EXERCISE banner: on every page of an exercise and on each record an exercise made (its incidents, its force
 * requests), so that nobody takes training material for a real report or a real request for force.
 */
export function exerciseBanner(detail: string): HTMLElement {
  return h('p', { class: 'exercise-banner', 'data-testid': 'exercise-banner', role: 'note' }, h('strong', {}, 'EXERCISE'), ` — ${detail}`);
}

