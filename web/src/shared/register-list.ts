import { h, type Attrs, type Child } from './dom.js';
import { loadable, type Loadable } from './loadable.js';
import './register-list.css';

export interface RegisterListOptions<Answer, Item> {
  /** The section: its class and label (`data-state` and `data-count` are the list's own). */
  attrs: Attrs;
  /** The rows' list: its class, test id and label. */
  rowsAttrs: Attrs;
  /** Extra attributes of the status line (a test id). */
  statusAttrs?: Attrs;
  /** What stands above the rows (a heading, filters) and below them (a pager). */
  above?: Child[];
  below?: Child[];
  fetch: (signal: AbortSignal) => Promise<Answer>;
  items: (answer: Answer) => readonly Item[];
  /** One row: a button carrying `data-id`, which `select` marks current. */
  row: (item: Item) => HTMLElement;
  /** What the status line says once the rows are shown ("No cases.", or a count). */
  summary: (answer: Answer, items: readonly Item[]) => string;
  /** Anything else the answer updates (a pager, the map). */
  onShown?: (answer: Answer) => void;
  /** The start of the status line when the load fails ("The cases could not be loaded"). */
  failed: string;
}

/**
 * A register's list of rows (sites, zones, agreements, cases, force requests): a section with what stands above the
 * rows, the rows, what stands below and a status line. `fetch` reads the list's filters as they are when it runs;
 * `reload` asks again (abandoning a load in flight), `select` marks the open row.
 */
export class RegisterList<Answer, Item> {
  readonly element: HTMLElement;
  private readonly rows: HTMLElement;
  private readonly status: HTMLElement;
  private readonly loader: Loadable<[]>;
  private selectedId: string | undefined;

  constructor(options: RegisterListOptions<Answer, Item>) {
    this.rows = h('ol', options.rowsAttrs);
    this.status = h('p', { class: 'list-status', role: 'status', ...options.statusAttrs });
    this.element = h('section', { ...options.attrs, 'data-state': 'loading' }, options.above, this.rows, options.below, this.status);
    this.loader = loadable(
      this.element,
      (signal) => options.fetch(signal),
      (answer) => {
        const items = options.items(answer);
        this.rows.replaceChildren(...items.map((item) => h('li', {}, options.row(item))));
        this.element.dataset.count = String(items.length);
        this.select(this.selectedId);
        options.onShown?.(answer);
        return options.summary(answer, items);
      },
      { status: this.status, failed: options.failed },
    );
    this.reload();
  }

  reload(): void {
    void this.loader.load();
  }

  select(id: string | undefined): void {
    this.selectedId = id;
    for (const row of this.rows.querySelectorAll<HTMLElement>('[data-id]')) {
      if (row.dataset.id === id) row.setAttribute('aria-current', 'true');
      else row.removeAttribute('aria-current');
    }
  }

  destroy(): void {
    this.loader.abort();
  }
}
