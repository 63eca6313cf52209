import { describe, expect, it } from 'vitest';
import { normalisedRecord } from '../../../testing/scenarios/build';
import { date, dateTime } from '@/utils/fhir/dates';
import { RecordIndex } from './rule';

describe('date formatting for highlight lines', () => {
  it('formats dates and dateTimes as the CUI does, in local time', () => {
    expect(date('1950-03-12')).toBe('12-Mar-1950');
    const local = new Date(2026, 10, 24, 14, 5);
    expect(dateTime(local.toISOString())).toBe('24-Nov-2026 14:05');
    expect(date(undefined)).toBeUndefined();
    expect(date('not a date')).toBe('not a date');
  });

  it('knows today from a date-only value and a dateTime', () => {
    const ix = new RecordIndex(normalisedRecord([]), [], new Date(2026, 10, 24, 10));
    expect(ix.isToday('2026-11-24')).toBe(true);
    expect(ix.isToday(new Date(2026, 10, 24, 23, 59).toISOString())).toBe(true);
    expect(ix.isToday('2026-11-25')).toBe(false);
  });
});
