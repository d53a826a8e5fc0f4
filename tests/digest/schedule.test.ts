import { describe, expect, it } from 'vitest';
import {
  countRunsBetween,
  formatRunTime,
  latestRunAtOrBefore,
  nextRunAfter,
  nextRuns,
  normaliseTimeZone,
  parseSchedule,
  ScheduleError,
} from '../../src/digest/schedule.js';

const london = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));

describe('presets', () => {
  it.each([
    ['daily 08:00', 'daily 08:00', '0 8 * * *'],
    ['Daily 8:05', 'daily 08:05', '5 8 * * *'],
    ['weekdays 07:30', 'weekdays 07:30', '30 7 * * 1-5'],
    ['weekly mon 09:00', 'weekly mon 09:00', '0 9 * * 1'],
    ['weekly Sunday 18:45', 'weekly sun 18:45', '45 18 * * 0'],
    ['hourly', 'hourly :00', '0 * * * *'],
    ['hourly :15', 'hourly :15', '15 * * * *'],
  ])('%s -> %s (%s)', (input, label, cron) => {
    expect(parseSchedule(input)).toEqual({ label, cron });
  });

  it.each([
    ['daily', /daily HH:MM/],
    ['daily 25:00', /hours run 00-23/],
    ['daily 08:60', /minutes 00-59/],
    ['daily eight', /not a time/],
    ['weekly 09:00', /weekly <day> HH:MM/],
    ['weekly funday 09:00', /weekly <day> HH:MM/],
    ['', /empty/],
  ])('rejects %j with a clear message', (input, message) => {
    expect(() => parseSchedule(input)).toThrow(ScheduleError);
    expect(() => parseSchedule(input)).toThrow(message);
  });

  it('weekdays skip the weekend', () => {
    const { cron } = parseSchedule('weekdays 07:30');
    // Friday 2026-01-09 -> next runs Fri, Mon, Tue.
    const runs = nextRuns(cron, 'Europe/London', Date.parse('2026-01-09T00:00:00Z'), 3).map((d) => d.toISOString());
    expect(runs).toEqual(['2026-01-09T07:30:00.000Z', '2026-01-12T07:30:00.000Z', '2026-01-13T07:30:00.000Z']);
  });
});

describe('cron expressions', () => {
  it('accepts 5-field cron down to every minute', () => {
    expect(parseSchedule('0 8 * * *').cron).toBe('0 8 * * *');
    expect(parseSchedule('*/15 9-17 * * mon-fri').cron).toBe('*/15 9-17 * * mon-fri');
    const every = parseSchedule('* * * * *');
    const runs = nextRuns(every.cron, 'UTC', Date.parse('2026-01-05T10:00:30Z'), 3).map((d) => d.toISOString());
    expect(runs).toEqual(['2026-01-05T10:01:00.000Z', '2026-01-05T10:02:00.000Z', '2026-01-05T10:03:00.000Z']);
  });

  it.each([
    ['0 8 * *', /neither a preset nor a 5-field cron/],
    ['0 0 8 * * *', /6 fields; digests take 5/],
    ['61 8 * * *', /not a valid cron expression/],
    ['0 8 * * blursday', /not a valid cron expression/],
    ['0 0 30 2 *', /never runs/],
  ])('rejects %j', (input, message) => {
    expect(() => parseSchedule(input)).toThrow(message);
  });
});

describe('time zones', () => {
  it('normalises IANA names and rejects others', () => {
    expect(normaliseTimeZone('europe/london')).toBe('Europe/London');
    expect(normaliseTimeZone('America/New_York')).toBe('America/New_York');
    expect(normaliseTimeZone('UTC')).toBe('UTC');
    expect(() => normaliseTimeZone('Mars/Olympus')).toThrow(/not an IANA time zone/);
    expect(() => normaliseTimeZone('BST')).toThrow(ScheduleError);
  });

  it('evaluates the schedule in the subscription’s zone', () => {
    const at = Date.parse('2026-01-05T00:00:00Z');
    expect(nextRunAfter('0 8 * * *', 'Europe/London', at)?.toISOString()).toBe('2026-01-05T08:00:00.000Z');
    expect(nextRunAfter('0 8 * * *', 'America/New_York', at)?.toISOString()).toBe('2026-01-05T13:00:00.000Z');
    expect(nextRunAfter('0 8 * * *', 'Asia/Kolkata', at)?.toISOString()).toBe('2026-01-05T02:30:00.000Z');
    // Summer time in London: 08:00 BST is 07:00 UTC.
    expect(nextRunAfter('0 8 * * *', 'Europe/London', Date.parse('2026-07-01T00:00:00Z'))?.toISOString()).toBe(
      '2026-07-01T07:00:00.000Z',
    );
  });

  it('formats run times in the zone with its abbreviation', () => {
    expect(formatRunTime('2026-03-30T07:00:00Z', 'Europe/London')).toBe('Mon 30 Mar 2026, 08:00 BST');
    expect(formatRunTime('2026-01-05T08:00:00Z', 'Europe/London')).toBe('Mon 5 Jan 2026, 08:00 GMT');
  });
});

describe('DST: Europe/London', () => {
  it('spring forward (2026-03-29): the daily 08:00 run happens once, at 08:00 BST', () => {
    const runs = nextRuns('0 8 * * *', 'Europe/London', Date.parse('2026-03-27T12:00:00Z'), 4).map((d) =>
      d.toISOString(),
    );
    expect(runs).toEqual([
      '2026-03-28T08:00:00.000Z', // 08:00 GMT
      '2026-03-29T07:00:00.000Z', // 08:00 BST, change day
      '2026-03-30T07:00:00.000Z',
      '2026-03-31T07:00:00.000Z',
    ]);
    const onChangeDay = runs.filter((r) => london(r).startsWith('29/03/2026'));
    expect(onChangeDay).toHaveLength(1);
    expect(london(onChangeDay[0] as string)).toBe('29/03/2026, 08:00');
  });

  it('fall back (2026-10-25): the daily 08:00 run happens once, at 08:00 GMT', () => {
    const runs = nextRuns('0 8 * * *', 'Europe/London', Date.parse('2026-10-23T12:00:00Z'), 4).map((d) =>
      d.toISOString(),
    );
    expect(runs).toEqual([
      '2026-10-24T07:00:00.000Z', // 08:00 BST
      '2026-10-25T08:00:00.000Z', // 08:00 GMT, change day
      '2026-10-26T08:00:00.000Z',
      '2026-10-27T08:00:00.000Z',
    ]);
    expect(runs.filter((r) => london(r).startsWith('25/10/2026'))).toHaveLength(1);
  });

  it('a fixed time inside the spring gap runs at the first valid time; one in the autumn overlap runs once', () => {
    // 01:30 does not exist on 2026-03-29 (01:00 -> 02:00): croner runs it at 02:00 BST, not skipped.
    const spring = nextRuns('30 1 * * *', 'Europe/London', Date.parse('2026-03-28T12:00:00Z'), 2).map((d) =>
      d.toISOString(),
    );
    expect(spring).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']);
    // 01:30 happens twice on 2026-10-25: run once.
    const autumn = nextRuns('30 1 * * *', 'Europe/London', Date.parse('2026-10-24T12:00:00Z'), 2).map((d) =>
      d.toISOString(),
    );
    expect(autumn).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });
});

describe('slots', () => {
  it('latestRunAtOrBefore includes a run exactly at the reference', () => {
    const slot = Date.parse('2026-01-05T08:00:00Z');
    expect(latestRunAtOrBefore('0 8 * * *', 'Europe/London', slot)?.toISOString()).toBe('2026-01-05T08:00:00.000Z');
    expect(latestRunAtOrBefore('0 8 * * *', 'Europe/London', slot - 1)?.toISOString()).toBe('2026-01-04T08:00:00.000Z');
    expect(latestRunAtOrBefore('* * * * *', 'UTC', Date.parse('2026-01-05T08:00:59Z'))?.toISOString()).toBe(
      '2026-01-05T08:00:00.000Z',
    );
  });

  it('counts runs in an interval', () => {
    expect(
      countRunsBetween('* * * * *', 'UTC', Date.parse('2026-01-05T08:00:00Z'), Date.parse('2026-01-05T08:10:00Z')),
    ).toBe(9);
  });
});
