import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the network does to one request on its way through the proxy:
 * - `pass`: forwarded and answered as is;
 * - `refuse`: the connection is dropped before anything reaches the server;
 * - `lose_answer`: the server gets the request and answers, but the connection drops before the client reads it —
 *   the case that makes naive clients send twice;
 * - `cut_body`: the server gets the headers and half the body, then the connection drops both ways;
 * - `delay`: forwarded after `ms`;
 * - `duplicate`: forwarded twice at once (a retrying middlebox); the client gets the first answer;
 * - `reorder`: held until the next request has been forwarded (or `ms` passed), so they reach the server swapped.
 */
export type Fault =
  | { kind: 'pass' }
  | { kind: 'refuse' }
  | { kind: 'lose_answer' }
  | { kind: 'cut_body' }
  | { kind: 'delay'; ms: number }
  | { kind: 'duplicate' }
  | { kind: 'reorder'; ms: number };

export interface FaultProxy {
  /** The proxy's address, e.g. http://127.0.0.1:41234 — loopback only. */
  url: string;
  /** The faults to apply to the next requests, in order; once used up, requests pass. */
  plan(faults: readonly Fault[]): void;
  /** Every fault applied so far, in order, with the request it hit: for a failing run's report. */
  log: { fault: Fault['kind']; method: string; path: string }[];
  close(): Promise<void>;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const readAll = (stream: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });

/**
 * An HTTP proxy on loopback in front of a Haven server that injects network faults request by request, for tests
 * that prove a client and server lose nothing and record nothing twice over a bad link. Bounded by design: it only
 * listens on 127.0.0.1 and forwards only to the target it was given.
 */
export async function openFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  if (upstream.hostname !== '127.0.0.1' && upstream.hostname !== 'localhost' && upstream.hostname !== '[::1]') throw new Error('the fault proxy forwards to loopback only');
  let pending: Fault[] = [];
  const log: FaultProxy['log'] = [];
  const sockets = new Set<Socket>();
  // A request held back by `reorder`, released when the next request has been forwarded.
  let held: (() => void) | undefined;

  const forward = (method: string, path: string, headers: IncomingHttpHeaders, body: Buffer, cut = false): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const out = httpRequest({ host: upstream.hostname, port: upstream.port, method, path, headers: { ...headers, host: upstream.host } }, (response) => {
        readAll(response).then((answer) => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: answer }), reject);
      });
      out.on('error', reject);
      if (cut) {
        out.flushHeaders();
        out.write(body.subarray(0, Math.floor(body.length / 2)), () => {
          out.destroy(new Error('connection cut mid-body'));
        });
        return;
      }
      out.end(body);
    });

  const answer = (res: ServerResponse, result: Answer) => {
    const headers = { ...result.headers };
    delete headers['transfer-encoding'];
    delete headers.connection;
    res.writeHead(result.status, { ...headers, 'content-length': String(result.body.length) });
    res.end(result.body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readAll(req);
    const fault = pending.shift() ?? { kind: 'pass' };
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    log.push({ fault: fault.kind, method, path });
    const release = held;
    held = undefined;
    try {
      switch (fault.kind) {
        case 'refuse':
          release?.();
          req.socket.destroy();
          return;
        case 'cut_body':
          release?.();
          await forward(method, path, req.headers, body, true).catch(() => undefined);
          req.socket.destroy();
          return;
        case 'reorder': {
          release?.();
          await new Promise<void>((resolve) => {
            held = resolve;
            setTimeout(resolve, fault.ms);
          });
          answer(res, await forward(method, path, req.headers, body));
          return;
        }
        case 'duplicate': {
          const [first] = await Promise.all([forward(method, path, req.headers, body), forward(method, path, req.headers, body).catch(() => undefined)]);
          release?.();
          answer(res, first);
          return;
        }
        case 'delay':
          await new Promise((resolve) => setTimeout(resolve, fault.ms));
          break;
        case 'pass':
        case 'lose_answer':
          break;
      }
      const result = forward(method, path, req.headers, body);
      // The held request goes once this one has reached the server, so the two arrive swapped.
      setImmediate(() => release?.());
      const done = await result;
      if (fault.kind === 'lose_answer') {
        req.socket.destroy();
        return;
      }
      answer(res, done);
    } catch {
      release?.();
      req.socket.destroy();
    }
  };

  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    plan(faults) {
      pending = [...faults];
    },
    log,
    async close() {
      held?.();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
