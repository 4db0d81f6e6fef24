import { describe, expect, it } from 'vitest';
import { previousSeoulMonth, seoulDate, seoulMinute } from './seoul';

describe('Seoul time in the date fields', () => {
  it('is nine hours ahead of UTC, whatever the PC is set to', () => {
    const lateUtc = new Date('2026-11-30T15:30:00Z');
    expect(seoulDate(lateUtc)).toBe('2026-12-01');
    expect(seoulMinute(lateUtc)).toBe('2026-12-01 00:30');
  });
});

describe('the month a review looks back on', () => {
  it("is the month before Seoul's, even where the PC's own calendar is still a day behind", () => {
    // 00:30 on 1 December in Seoul is still 30 November in UTC.
    expect(previousSeoulMonth(new Date('2026-11-30T15:30:00Z'))).toEqual({
      month: '2026-11',
      from: '2026-11-01',
      to: '2026-11-30',
    });
  });

  it('crosses the year and knows the length of February', () => {
    expect(previousSeoulMonth(new Date('2027-01-10T03:00:00Z')).month).toBe('2026-12');
    expect(previousSeoulMonth(new Date('2028-03-05T03:00:00Z'))).toEqual({
      month: '2028-02',
      from: '2028-02-01',
      to: '2028-02-29',
    });
  });
});
