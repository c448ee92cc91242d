import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ZONE_STATUSES, zoneStatusOn } from '../../../src/core/places/zone.schema.js';

describe("a zone's status on a day", () => {
  const corridor = { status: 'in_force' as const, validFrom: '2024-03-01', validTo: '2024-03-31' };

  it('holds only within its validity: lapsed after, not yet before', () => {
    expect(zoneStatusOn(corridor, '2024-03-15')).toBe('in_force');
    expect(zoneStatusOn(corridor, '2024-03-31')).toBe('in_force');
    expect(zoneStatusOn(corridor, '2024-06-01')).toBe('lapsed');
    expect(zoneStatusOn(corridor, '2024-02-29')).toBe('not_yet');
    expect(zoneStatusOn({ ...corridor, status: 'agreed' }, '2024-06-01')).toBe('lapsed');
    expect(zoneStatusOn({ status: 'in_force', validFrom: '2024-03-01' }, '2030-01-01')).toBe('in_force');
  });

  it('keeps any status that does not claim the zone holds, whatever the day', () => {
    const day = fc.date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.constantFrom(...ZONE_STATUSES.filter((s) => s !== 'agreed' && s !== 'in_force')), day, (status, on) => {
        expect(zoneStatusOn({ ...corridor, status }, on)).toBe(status);
      }),
    );
  });
});
