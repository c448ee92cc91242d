import type { ApiClient } from '../shared/api-client.js';
import { h } from '../shared/dom.js';
import { BudgetsPanel } from './budgets-panel.js';
import { ScenariosPanel } from './scenarios-panel.js';
import './budgets-scenarios.css';

/** The Posture area's second half: force budgets (listed, imported) and the rebalancing scenarios kept against them, compared. */
export class BudgetsAndScenarios {
  readonly element: HTMLElement;
  private readonly budgets: BudgetsPanel;
  private readonly scenarios: ScenariosPanel;

  constructor(api: ApiClient, options: { canWrite: boolean }) {
    this.scenarios = new ScenariosPanel(api);
    this.budgets = new BudgetsPanel(api, { canWrite: options.canWrite, changed: () => this.scenarios.load() });
    this.element = h(
      'section',
      { class: 'posture-plans', 'data-testid': 'posture-plans', 'aria-label': 'Budgets and rebalancing scenarios' },
      h('h2', { class: 'posture-plans-heading' }, 'Budgets and rebalancing scenarios'),
      h('div', { class: 'posture-plans-panels' }, this.budgets.element, this.scenarios.element),
    );
    this.budgets.load();
    this.scenarios.load();
  }

  destroy(): void {
    this.budgets.destroy();
    this.scenarios.destroy();
    this.element.remove();
  }
}
