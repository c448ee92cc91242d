import { SingleBar, Presets } from 'cli-progress';

/** A progress bar on a terminal (rows, rate, ETA); silent when output is piped, so logs stay clean. */
export function progressBar(label: string, unit: 'rows' | 'bytes' = 'rows'): { update: (done: number, total: number, rows?: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const format =
    unit === 'rows'
      ? `${label} [{bar}] {percentage}% | {value}/{total} rows | {speed} rows/s | ETA {eta_formatted}`
      : `${label} [{bar}] {percentage}% of the file | {rows} rows | {speed} rows/s | ETA {eta_formatted}`;
  const bar = new SingleBar(
    { format, stream: process.stderr, hideCursor: true },
    Presets.shades_classic,
  );
  const started = Date.now();
  let running = false;
  return {
    update: (done, total, rows = done) => {
      if (!running) {
        bar.start(total, 0, { speed: 0, rows: 0 });
        running = true;
      }
      bar.setTotal(total);
      bar.update(done, { rows, speed: Math.round(rows / Math.max((Date.now() - started) / 1000, 0.001)) });
    },
    stop: () => {
      if (running) bar.stop();
    },
  };
}
