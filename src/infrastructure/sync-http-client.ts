import { syncImportReportSchema, type SyncTransport } from '../core/sync/http.schema.js';

/** Why a call to the other instance failed, in words for the operator; `retryable` when trying again may help. */
export class SyncTransportError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'SyncTransportError';
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '[::1]', 'localhost']);

/** The other instance's base address: https, or http on loopback only (a bundle is encrypted, the token is not). */
export function parseSyncUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SyncTransportError(`--url ${raw} is not an address (https://headquarters.example.org)`, undefined, false);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return url;
  if (url.protocol === 'http:') throw new SyncTransportError(`--url must be https:// (plain http:// only to this machine: 127.0.0.1, ::1, localhost): the token would travel in clear`, undefined, false);
  throw new SyncTransportError(`--url must be https://, not ${url.protocol}`, undefined, false);
}

/** The API token from its file: one line, nothing else. */
export function tokenFromFile(text: string, file: string): string {
  const token = text.trim();
  if (!/^haven_[A-Za-z0-9_-]+$/.test(token)) throw new SyncTransportError(`${file} does not hold a Haven API token (one line starting haven_)`, undefined, false);
  return token;
}

async function errorMessageOf(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    // Not JSON (a proxy's page): say what came back.
  }
  return text.slice(0, 200) || response.statusText;
}

/**
 * The other instance's sync API over HTTPS, as a SyncTransport. Errors say what happened in words: unreachable, the
 * token refused (401) or not allowed (403), the bundle too large (413), the bundle refused (and why).
 */
export function httpSyncTransport(baseUrl: URL, token: string, options: { timeoutMs?: number } = {}): SyncTransport {
  const base = baseUrl.href.replace(/\/$/, '');
  const call = async (method: 'GET' | 'POST', path: string, body?: { type: string; bytes: Buffer | string }): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body && { 'content-type': body.type }) },
        ...(body && { body: body.bytes }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 300_000),
      });
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `${error.cause.message}` : error instanceof Error ? error.message : String(error);
      throw new SyncTransportError(`cannot reach ${base}: ${cause}`, undefined, true);
    }
    if (response.ok) return response;
    const message = await errorMessageOf(response);
    switch (response.status) {
      case 401:
        throw new SyncTransportError(`${base} refused the token (401): it is unknown, expired or revoked — ask its operator for a new one (haven sync peers token)`, 401, false);
      case 403:
        throw new SyncTransportError(`${base} does not allow this (403): ${message}`, 403, false);
      case 413:
        throw new SyncTransportError(`${base} refused the bundle as too large (413): ${message} — its operator can raise HAVEN_SYNC_MAX_BUNDLE_BYTES`, 413, false);
      default:
        throw new SyncTransportError(`${base} answered ${response.status}: ${message}`, response.status, response.status >= 500);
    }
  };
  const readBody = async (response: Response): Promise<Buffer> => {
    try {
      return Buffer.from(await response.arrayBuffer());
    } catch (error) {
      throw new SyncTransportError(`the answer from ${base} was cut off: ${error instanceof Error ? error.message : String(error)}`, undefined, true);
    }
  };
  return {
    async pull() {
      const response = await call('GET', '/sync/bundles');
      const resent = response.headers.get('x-haven-bundle-resent') === 'true';
      return { bundle: await readBody(response), resent };
    },
    async acknowledge(bundleId) {
      const response = await call('POST', `/sync/bundles/${encodeURIComponent(bundleId)}/ack`, { type: 'application/json', bytes: '{}' });
      await readBody(response);
    },
    async push(bundle) {
      const response = await call('POST', '/sync/bundles', { type: 'application/octet-stream', bytes: Buffer.from(bundle.buffer, bundle.byteOffset, bundle.byteLength) });
      const text = (await readBody(response)).toString('utf8');
      let parsed: ReturnType<typeof syncImportReportSchema.safeParse>;
      try {
        parsed = syncImportReportSchema.safeParse(JSON.parse(text));
      } catch {
        throw new SyncTransportError(`the answer from ${base} is not JSON`, response.status, true);
      }
      if (!parsed.success) throw new SyncTransportError(`the answer from ${base} is not an import report`, response.status, true);
      return parsed.data;
    },
  };
}
