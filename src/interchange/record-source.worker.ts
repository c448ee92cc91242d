/**
 * The worker-thread side of a threaded record source (see threaded-record-source.ts): reads, parses, maps and checks
 * the file's records off the thread that writes them, and hands them over in chunks, a few chunks ahead at most.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DomainError } from '../core/errors.js';
import { incidentInputSchema } from '../core/incident.schema.js';
import { openRecordSource, type RecordSourceOptions } from './record-source.js';
import type { FromRecordWorker, ToRecordWorker, TransferredRecord } from './threaded-record-source.js';

const CHUNK = 500;

const port = parentPort!;
const { path, options } = workerData as { path: string; options: RecordSourceOptions };
const send = (message: FromRecordWorker) => port.postMessage(message);

let credit = 0;
let wake: (() => void) | undefined;
port.on('message', (message: ToRecordWorker) => {
  if (message.kind === 'more') {
    credit += 1;
    wake?.();
  }
});
const nextCredit = async () => {
  while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
  credit -= 1;
};

try {
  const source = await openRecordSource(path, options);
  send({
    kind: 'opened',
    meta: {
      format: source.format,
      encoding: source.encoding,
      warnings: source.warnings,
      size: source.size,
      ...(source.spreadsheet && { spreadsheet: source.spreadsheet }),
      ...(source.recognised && { recognised: source.recognised }),
      ...(source.dateOrder && { dateOrder: source.dateOrder }),
    },
  });
  let chunk: TransferredRecord[] = [];
  let sent = 0;
  const flush = async () => {
    await nextCredit();
    send({ kind: 'records', records: chunk, bytesRead: source.bytesRead() });
    sent += chunk.length;
    chunk = [];
  };
  let handedBack = false;
  for await (const { rowNumber, mapped } of source.records) {
    // A row of Haven's own export is read against the stored record, by a function that cannot cross threads: from
    // here on the writing thread reads the file itself.
    if (mapped.carriedGiven) {
      if (chunk.length) await flush();
      send({ kind: 'hand-back', after: sent, bytesRead: source.bytesRead() });
      handedBack = true;
      break;
    }
    // Checked here, off the writing thread; a row that fails is checked there again, for its issues.
    const checked = mapped.issues.length === 0 && mapped.checked === undefined ? incidentInputSchema.safeParse(mapped.input) : undefined;
    const { carriedGiven: _never, ...rest } = mapped;
    const record: TransferredRecord = { rowNumber, mapped: checked?.success ? { ...rest, checked: checked.data } : rest };
    // The input is only read again to tell what a row carries; where the mapping says so itself, it need not travel.
    if (record.mapped.checked !== undefined && record.mapped.carried !== undefined) delete record.mapped.input;
    chunk.push(record);
    if (chunk.length >= CHUNK) await flush();
  }
  if (!handedBack) {
    if (chunk.length) await flush();
    send({ kind: 'end', bytesRead: source.bytesRead() });
  }
} catch (error) {
  send({
    kind: 'error',
    error: error instanceof DomainError ? { code: error.code, message: error.message, issues: [...error.issues] } : { message: error instanceof Error ? error.message : String(error) },
  });
}
