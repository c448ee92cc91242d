import { isAbort } from './dom.js';

export interface LoadableOptions<T> {
  /** Where the load is told in words: "Loading…" while it runs, then what `render` returns, or the failure. */
  status?: HTMLElement;
  /** Said in `status` while loading. */
  loading?: string;
  /** The data attribute that holds the state (`data-state` unless told). */
  stateKey?: string;
  /** The state once rendered, when "ready" is not the word (the ledger is "intact" or "broken"). */
  readyState?: (value: T) => string;
  /**
   * What a failure says: a prefix for the error's message in `status` ("The cases could not be loaded"), or a function
   * that shows the failure itself (it runs after the state is set to `error`, and may refine it).
   */
  failed: string | ((error: unknown) => void);
}

export interface Loadable<A extends unknown[]> {
  /** Starts a load, abandoning the one before: only the latest answer is shown. */
  load(...args: A): Promise<void>;
  /** Abandons the load in flight, if any (on teardown, or when the host closes). */
  abort(): void;
}

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * A part of the page that shows what one request answers. It owns the request's AbortController (a new load aborts the
 * one before; `abort` on teardown) and tells where it is on the host, as `data-state` (`loading`, then `ready` or
 * `error`), which the browser tests wait for, and in words in `status`. `render` shows the answer and may return the
 * status text (an empty list's "No cases.").
 */
export function loadable<T, A extends unknown[] = []>(
  host: HTMLElement,
  fetch: (signal: AbortSignal, ...args: A) => Promise<T>,
  render: (value: T, ...args: A) => string | void,
  options: LoadableOptions<T>,
): Loadable<A> {
  const key = options.stateKey ?? 'state';
  let inFlight: AbortController | undefined;
  const say = (text: string) => {
    if (options.status) options.status.textContent = text;
  };
  return {
    async load(...args: A): Promise<void> {
      inFlight?.abort();
      const request = new AbortController();
      inFlight = request;
      host.dataset[key] = 'loading';
      say(options.loading ?? 'Loading…');
      try {
        const value = await fetch(request.signal, ...args);
        // An answer that arrives after a newer load began is not shown.
        if (request.signal.aborted) return;
        say(render(value, ...args) ?? '');
        host.dataset[key] = options.readyState?.(value) ?? 'ready';
      } catch (error) {
        if (isAbort(error) || request.signal.aborted) return;
        host.dataset[key] = 'error';
        if (typeof options.failed === 'string') say(`${options.failed}: ${errorMessage(error)}`);
        else options.failed(error);
      }
    },
    abort(): void {
      inFlight?.abort();
    },
  };
}
