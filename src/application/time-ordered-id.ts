import { randomFillSync } from 'node:crypto';

/** Random bytes drawn a few kilobytes at a time: one call into the system's generator per 256 ids, not one per id. */
const pool = Buffer.alloc(16 * 256);
let used = pool.length;
const bytes = Buffer.alloc(16);

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids made in time order sort in time
 * order, so new records land at the end of the id index instead of at random places in it — which keeps bulk
 * imports fast once the index no longer fits in memory.
 */
export function timeOrderedId(now = Date.now()): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  // Each pooled byte is used once and the id is read out before the next call: the buffer is never shared.
  pool.copy(bytes, 0, used, used + 16);
  used += 16;
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
