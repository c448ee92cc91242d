import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { timeOrderedId } from '../../src/application/time-ordered-id.js';

describe('time-ordered ids (UUID v7)', () => {
  it('are valid version-7 UUIDs', () => {
    for (let i = 0; i < 100; i++) {
      const id = timeOrderedId();
      expect(z.uuid().safeParse(id).success).toBe(true);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
    }
  });

  it('sort in the order of their time, and differ within the same millisecond', () => {
    const ids = [1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000].map((t) => timeOrderedId(t));
    expect([...ids].sort()).toEqual(ids);
    expect(timeOrderedId(5)).not.toBe(timeOrderedId(5));
  });
});
