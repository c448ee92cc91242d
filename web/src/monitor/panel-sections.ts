import { h } from '../shared/dom.js';

/** Panels folded until opened: the breakdowns a reader looks at second. The rest (figures, casualties, alerts, detections, scorecard) start open. */
const FOLDED_AT_FIRST: ReadonlySet<string> = new Set(['chart-themes', 'chart-violence', 'chart-event-types', 'chart-parties', 'chart-violations']);
const STORAGE_KEY = 'haven.monitor.folded-panels';

function storedChoices(): Record<string, boolean> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, boolean] => typeof entry[1] === 'boolean'));
  } catch {
    // A private window or a hand-edited value: the defaults hold.
    return {};
  }
}

function remember(testId: string, folded: boolean): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...storedChoices(), [testId]: folded }));
  } catch {
    // Storage refused: the choice lasts for this page only.
  }
}

/**
 * Turns each panel of the Monitor's side column into a disclosure: its title becomes a button (WAI-ARIA disclosure
 * pattern, so a keyboard and a screen reader open and close it), everything under the title hides when folded. Without
 * this the column is one scroll of some 9,500 pixels. Each reader's choices are kept in this browser.
 */
export function foldablePanels(column: HTMLElement): { element: HTMLElement; setAll(folded: boolean): void } {
  const panels = [...column.querySelectorAll<HTMLElement>('section.monitor-panel')];
  const choices = storedChoices();
  const toggles = panels.flatMap((panel) => {
    const title = panel.querySelector<HTMLHeadingElement>('h2.panel-title');
    const testId = panel.dataset.testid;
    if (!title || !testId) return [];
    const button = h('button', { type: 'button', class: 'panel-toggle', 'data-testid': `${testId}-toggle` }, ...title.childNodes);
    title.replaceChildren(button);
    const set = (folded: boolean, save: boolean) => {
      panel.dataset.folded = String(folded);
      button.setAttribute('aria-expanded', String(!folded));
      if (save) remember(testId, folded);
    };
    set(choices[testId] ?? FOLDED_AT_FIRST.has(testId), false);
    button.addEventListener('click', () => set(panel.dataset.folded !== 'true', true));
    return [set];
  });
  const setAll = (folded: boolean) => {
    for (const set of toggles) set(folded, true);
  };
  const element = h(
    'div',
    { class: 'panel-fold-all' },
    h('button', { type: 'button', class: 'link-button', 'data-testid': 'panels-open-all', onclick: () => setAll(false) }, 'Open all'),
    h('button', { type: 'button', class: 'link-button', 'data-testid': 'panels-fold-all', onclick: () => setAll(true) }, 'Fold all'),
  );
  return { element, setAll };
}
