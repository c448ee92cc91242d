import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSyncUrl, SyncTransportError, tokenFromFile } from '../../src/infrastructure/sync-http-client.js';

/** Where `haven sync pull|push` may send a token: https anywhere, plain http to this machine only. */
describe('the address and token of a sync peer', () => {
  const host = fc.domain().filter((d) => d !== 'localhost');
  const port = fc.integer({ min: 1, max: 65_535 });

  it('accepts https to any host', () => {
    fc.assert(
      fc.property(host, port, (h, p) => {
        expect(parseSyncUrl(`https://${h}:${p}/`).protocol).toBe('https:');
      }),
    );
  });

  it('refuses plain http to any host but this machine, and accepts it to loopback', () => {
    fc.assert(
      fc.property(host, port, (h, p) => {
        expect(() => parseSyncUrl(`http://${h}:${p}`)).toThrow(/must be https/);
      }),
    );
    for (const loopback of ['127.0.0.1', '[::1]', 'localhost']) expect(parseSyncUrl(`http://${loopback}:8080`).protocol).toBe('http:');
  });

  it('refuses other schemes and text that is not an address', () => {
    expect(() => parseSyncUrl('ftp://hq.example.org')).toThrow(SyncTransportError);
    expect(() => parseSyncUrl('hq.example.org')).toThrow(/not an address/);
  });

  it('reads a token file of one line, and nothing else as a token', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{1,60}$/), fc.constantFrom('', '\n', '\r\n', '  \n'), (secret, end) => {
        expect(tokenFromFile(`haven_${secret}${end}`, 'f')).toBe(`haven_${secret}`);
      }),
    );
    expect(() => tokenFromFile('Bearer haven_abc', 'f')).toThrow(/does not hold a Haven API token/);
    expect(() => tokenFromFile('haven_abc\nsecond line', 'f')).toThrow(SyncTransportError);
  });
});
