import { describe, expect, it } from 'vitest';
import { copenhagenDayStart, isIsoDay, nextDay } from './audit.models.js';

describe('log periods in Copenhagen days', () => {
  it('a day starts at local midnight, in winter and in summer time', () => {
    expect(copenhagenDayStart('2026-01-15')).toBe('2026-01-14T23:00:00.000Z');
    expect(copenhagenDayStart('2026-07-15')).toBe('2026-07-14T22:00:00.000Z');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });
  it('accepts only real dates', () => {
    expect(isIsoDay('2026-02-28')).toBe(true);
    expect(isIsoDay('2026-02-30')).toBe(false);
    expect(isIsoDay('i går')).toBe(false);
  });
});
