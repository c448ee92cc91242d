import { h } from '../shared/dom.js';
import { CLOCK_STATUS_LABELS, minuteText } from './exercise-labels.js';
import type { ExerciseStatus } from './exercise-types.js';

/**
 * The exercise clock as the room sees it: the status, the speed and the exercise minute. Between two answers of the
 * server it ticks on by itself at the clock's speed (from the browser's own monotonic clock), so the minute moves every
 * second without a request every second; the next answer sets it right again.
 */
export class ExerciseClockView {
  readonly element: HTMLElement;
  private readonly minute = h('span', { class: 'exercise-minute', 'data-testid': 'exercise-minute' });
  private readonly status = h('span', { class: 'badge exercise-clock-status', 'data-testid': 'exercise-clock-status' });
  private readonly speed = h('span', { class: 'hint', 'data-testid': 'exercise-speed' });
  private clock: ExerciseStatus['clock'] | undefined;
  private readAt = 0;
  private readonly ticker: ReturnType<typeof setInterval>;

  constructor() {
    this.element = h('div', { class: 'exercise-clock', 'data-testid': 'exercise-clock', role: 'timer', 'aria-live': 'off' }, this.minute, this.status, this.speed);
    this.ticker = setInterval(() => this.tick(), 1000);
  }

  /** The clock as the server just said it is. */
  set(clock: ExerciseStatus['clock']): void {
    this.clock = clock;
    this.readAt = performance.now();
    this.element.dataset.status = clock.status;
    this.status.textContent = CLOCK_STATUS_LABELS[clock.status];
    this.status.dataset.status = clock.status;
    this.speed.textContent = `×${clock.speed} · ends at ${minuteText(clock.durationMinutes)}`;
    this.tick();
  }

  /** The exercise minute now, as far as this page can tell. */
  now(): number {
    const clock = this.clock;
    if (!clock) return 0;
    const elapsed = clock.status === 'running' ? ((performance.now() - this.readAt) / 60_000) * clock.speed : 0;
    return Math.min(clock.durationMinutes, clock.exerciseMinute + elapsed);
  }

  destroy(): void {
    clearInterval(this.ticker);
  }

  private tick(): void {
    if (!this.clock) return;
    const now = this.now();
    this.minute.textContent = minuteText(now);
    this.element.dataset.minute = String(Math.floor(now));
  }
}
