import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DomainError, type DomainErrorCode, type FieldIssue } from '../core/errors.js';
import type { MappedRecord } from '../core/formats/mapped-record.js';
import type { IncidentInput } from '../core/incident.schema.js';
import { openRecordSource, type RecordSource, type RecordSourceOptions, type SourceRecord } from './record-source.js';

/** A record as it crosses from the worker: checked there, and without what cannot cross (a function). */
export interface TransferredRecord {
  rowNumber: number;
  mapped: Omit<MappedRecord, 'carriedGiven' | 'input'> & { input?: IncidentInput };
}

type SourceMeta = Omit<RecordSource, 'records' | 'bytesRead'>;

export type FromRecordWorker =
  | { kind: 'opened'; meta: SourceMeta }
  | { kind: 'records'; records: TransferredRecord[]; bytesRead: number }
  /** The worker stopped after `after` records: the rest is read on the writing thread (see the worker). */
  | { kind: 'hand-back'; after: number; bytesRead: number }
  | { kind: 'end'; bytesRead: number }
  | { kind: 'error'; error: { code?: DomainErrorCode; message: string; issues?: FieldIssue[] } };

export type ToRecordWorker = { kind: 'more' };

/** Chunks (of 500 records) the worker may read ahead of the writer: enough to keep it busy, few enough to keep memory flat. */
const CHUNKS_AHEAD = 4;
/**
 * The worker holds a few chunks of records and the modules that read them: a small old generation makes it collect
 * early instead of growing its heap the way a main thread may. Should a file need more (rows of megabytes each), the
 * worker stops and the file is read on, from where it stopped, on the calling thread.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 128 };
/** Below this size a file is read on the calling thread: starting a worker costs more than it saves. */
const THREADED_FROM_BYTES = 4 * 1024 * 1024;

export interface ThreadedRecordSourceOptions extends RecordSourceOptions {
  /** `auto` (default): a worker for a file of a few megabytes or more when a core is free; `always` and `never` decide. */
  thread?: 'auto' | 'always' | 'never';
}

/**
 * The worker's code: beside this module, compiled (a build, the bundled command), or as TypeScript source (under tsx
 * or a test runner), then started through tsx's loader, registered in the worker before the source is imported.
 */
function startWorker(workerData: unknown): Worker | undefined {
  const compiled = new URL('./record-source.worker.js', import.meta.url);
  if (existsSync(compiled)) return new Worker(compiled, { workerData, resourceLimits: WORKER_LIMITS });
  const source = new URL('./record-source.worker.ts', import.meta.url);
  if (!existsSync(source)) return undefined;
  let loader: string;
  try {
    // Resolved as `require` would (a test runner may not resolve for `import`); its ES module sits beside it.
    const resolved = createRequire(import.meta.url).resolve('tsx/esm/api');
    const esm = resolved.replace(/\.cjs$/, '.mjs');
    loader = pathToFileURL(existsSync(esm) ? esm : resolved).href;
  } catch {
    return undefined;
  }
  const code = `import(${JSON.stringify(loader)}).then(({ register }) => { register(); return import(${JSON.stringify(source.href)}); })`;
  return new Worker(code, { eval: true, workerData, resourceLimits: WORKER_LIMITS });
}

const rebuilt = (error: { code?: DomainErrorCode; message: string; issues?: FieldIssue[] }) =>
  error.code ? new DomainError(error.code, error.message, error.issues ?? []) : new Error(error.message);

/**
 * The records of a file for an import, read, parsed, mapped and checked in a worker thread while the calling thread
 * writes them: the same records, in the same order, with the same errors as `openRecordSource` gives. Standard input
 * and small files are read in-process.
 */
export async function openRecordSourceForImport(path: string, options: ThreadedRecordSourceOptions = {}): Promise<RecordSource> {
  const { thread = 'auto', ...sourceOptions } = options;
  const threaded = path !== '-' && !options.stdin && (thread === 'always' || (thread === 'auto' && fileSize(path) >= THREADED_FROM_BYTES && aCoreIsFree()));
  const started = threaded ? startWorker({ path, options: sourceOptions }) : undefined;
  if (!started) return openRecordSource(path, sourceOptions);
  const worker = started;
  const inbox: FromRecordWorker[] = [];
  let waiting: (() => void) | undefined;
  let failure: Error | undefined;
  worker.on('message', (message: FromRecordWorker) => {
    inbox.push(message);
    waiting?.();
  });
  worker.on('error', (error) => {
    failure = error;
    waiting?.();
  });
  worker.on('exit', () => {
    failure ??= new Error('the file reader stopped');
    waiting?.();
  });
  const next = async (): Promise<FromRecordWorker> => {
    // The worker keeps the process alive only while someone waits for it: a source opened and never read ends with it.
    worker.ref();
    try {
      while (inbox.length === 0) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (waiting = resolve));
        waiting = undefined;
      }
    } finally {
      worker.unref();
    }
    return inbox.shift()!;
  };
  const stop = () => void worker.terminate();

  let opened: FromRecordWorker;
  try {
    opened = await next();
  } catch {
    // A worker that cannot start (no loader for its source, say) is no reason to refuse the file.
    stop();
    return openRecordSource(path, sourceOptions);
  }
  if (opened.kind === 'error') {
    stop();
    throw rebuilt(opened.error);
  }
  if (opened.kind !== 'opened') throw new Error(`unexpected message from the file reader: ${opened.kind}`);
  let bytesRead = 0;
  for (let i = 0; i < CHUNKS_AHEAD; i++) worker.postMessage({ kind: 'more' } satisfies ToRecordWorker);

  async function* records(): AsyncGenerator<SourceRecord> {
    let delivered = 0;
    try {
      for (;;) {
        let message: FromRecordWorker;
        try {
          message = await next();
        } catch {
          // The worker itself failed (out of memory, say), not the file: the rest is read here.
          stop();
          yield* readOnThisThread(delivered);
          return;
        }
        if (message.kind === 'error') throw rebuilt(message.error);
        if (message.kind === 'opened') continue;
        bytesRead = message.bytesRead;
        if (message.kind === 'end') return;
        if (message.kind === 'hand-back') {
          stop();
          yield* readOnThisThread(message.after);
          return;
        }
        worker.postMessage({ kind: 'more' } satisfies ToRecordWorker);
        for (const { rowNumber, mapped } of message.records) {
          delivered += 1;
          const { input, ...rest } = mapped;
          // Without its input, a record carries what its mapping said: the checked data stands in for the input.
          yield { rowNumber, mapped: { ...rest, input: input ?? (mapped.checked as IncidentInput) } };
        }
      }
    } finally {
      stop();
    }
  }

  /** The file read again on this thread, after the records the worker gave. */
  async function* readOnThisThread(after: number): AsyncGenerator<SourceRecord> {
    const again = await openRecordSource(path, sourceOptions);
    let skipped = 0;
    for await (const record of again.records) {
      if (skipped < after) {
        skipped += 1;
        continue;
      }
      bytesRead = Math.max(bytesRead, again.bytesRead());
      yield record;
    }
  }

  return { ...opened.meta, records: records(), bytesRead: () => bytesRead };
}

/**
 * A worker only helps with a core to run on: handing records across costs CPU (about a tenth of the import's), so on
 * a machine already busy it would slow the import down rather than speed it up.
 */
function aCoreIsFree(): boolean {
  const [lastMinute] = loadavg();
  return lastMinute !== undefined && lastMinute <= availableParallelism() - 1;
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
