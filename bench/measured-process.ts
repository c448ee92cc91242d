import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** Peak resident memory of a running process, from Linux's own high-water mark. */
function peakRssKb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** CPU milliseconds (user + system, every thread) a running process has used so far, from Linux's /proc (0 elsewhere). */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime, in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/**
 * Runs a command to completion: its wall time, its peak memory and the CPU time it used (both sampled every 100 ms:
 * the CPU time may miss its last tenth of a second). On a shared machine CPU time says more than wall time.
 */
export async function runMeasured(command: string, args: string[]): Promise<{ ms: number; peakRssMb: number; cpuMs: number; stdout: string; stderr: string }> {
  const started = performance.now();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let peak = 0;
  let cpuMs = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, peakRssKb(child.pid!));
    cpuMs = Math.max(cpuMs, cpuMsOf(child.pid!));
  }, 100);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearInterval(timer);
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${code}): ${stderr}`);
  return { ms, peakRssMb: Math.round(peak / 1024), cpuMs, stdout, stderr };
}
