import { describe, expect, it } from 'vitest';
import { seoulDate, seoulMinute } from './index';

describe('Seoul time in the date fields', () => {
  it('is nine hours ahead of UTC, whatever the PC is set to', () => {
    const lateUtc = new Date('2026-11-30T15:30:00Z');
    expect(seoulDate(lateUtc)).toBe('2026-12-01');
    expect(seoulMinute(lateUtc)).toBe('2026-12-01 00:30');
  });
});
