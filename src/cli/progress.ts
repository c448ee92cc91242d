import { SingleBar, Presets } from 'cli-progress';

/** A progress bar on a terminal (rows, rate, ETA); silent when output is piped, so logs stay clean. */
export function progressBar(label: string): { update: (done: number, total: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} rows | {speed} rows/s | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true },
    Presets.shades_classic,
  );
  const started = Date.now();
  let running = false;
  return {
    update: (done, total) => {
      if (!running) {
        bar.start(total, 0, { speed: 0 });
        running = true;
      }
      bar.setTotal(total);
      bar.update(done, { speed: Math.round(done / Math.max((Date.now() - started) / 1000, 0.001)) });
    },
    stop: () => {
      if (running) bar.stop();
    },
  };
}
