/**
 * Digest schedules: presets (`daily 08:00`, `weekdays 07:30`, `weekly mon 09:00`) or a 5-field cron expression
 * (down to every minute), evaluated by croner in an IANA time zone.
 *
 * DST (croner's documented behaviour, pinned by tests/digest/schedule.test.ts): a fixed-time job (no wildcard or
 * step in the minute and hour fields, `fixedTimeRule: 'no-wildcard'`) whose time falls in the spring-forward gap
 * runs at the first valid time after the gap, and one whose time occurs twice in the autumn overlap runs once —
 * so a daily 08:00 Europe/London digest runs exactly once on both change days. Interval jobs (a wildcard or step in the minute or hour, like every 15 minutes)
 * follow the instants: they skip the non-existent times and run on both occurrences of a repeated one.
 */
import { Cron } from 'croner';

export class ScheduleError extends Error {
  override name = 'ScheduleError';
}

const DAYS: Record<string, number> = {
  sun: 0,
  sunday: 0,
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
};
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export const SCHEDULE_HELP =
  'Use a preset like `daily 08:00`, `weekdays 07:30` or `weekly mon 09:00` (24-hour clock), or a 5-field cron ' +
  'expression (minute hour day-of-month month day-of-week) like `0 8 * * *`; the finest schedule is every minute (`* * * * *`).';

export interface ParsedSchedule {
  /** Normalised form shown to people: `daily 08:00`, or the cron expression as given. */
  label: string;
  /** The 5-field cron expression croner evaluates. */
  cron: string;
}

function parseTime(raw: string): { h: number; m: number } {
  const m = /^(\d{1,2})[:.h](\d{2})$/.exec(raw) ?? /^(\d{1,2})$/.exec(raw);
  if (!m)
    throw new ScheduleError(`\`${raw}\` is not a time; write it as HH:MM on a 24-hour clock, e.g. 08:00 or 17:30.`);
  const h = Number(m[1]);
  const min = Number(m[2] ?? '0');
  if (h > 23 || min > 59)
    throw new ScheduleError(`\`${raw}\` is not a time of day; hours run 00-23 and minutes 00-59.`);
  return { h, m: min };
}

const pad = (n: number) => String(n).padStart(2, '0');

function makeCron(pattern: string): Cron {
  return new Cron(pattern, { mode: '5-part', fixedTimeRule: 'no-wildcard', paused: true });
}

/** Parse a preset or a cron expression; throws ScheduleError with a message fit to show the user. */
export function parseSchedule(input: string): ParsedSchedule {
  const text = input.trim().replace(/\s+/g, ' ');
  if (!text) throw new ScheduleError(`The schedule is empty. ${SCHEDULE_HELP}`);
  const words = text.toLowerCase().split(' ');
  const kind = words[0] ?? '';

  if (kind === 'daily' || kind === 'weekdays' || kind === 'weekly' || kind === 'hourly') {
    if (kind === 'hourly') {
      if (words.length > 2)
        throw new ScheduleError(`\`${text}\`: write \`hourly\` or \`hourly :MM\`. ${SCHEDULE_HELP}`);
      const minute = words[1] ? Number(words[1].replace(/^:/, '')) : 0;
      if (!Number.isInteger(minute) || minute < 0 || minute > 59) {
        throw new ScheduleError(`\`${text}\`: the minute past the hour must be 00-59, e.g. \`hourly :15\`.`);
      }
      return { label: `hourly :${pad(minute)}`, cron: `${minute} * * * *` };
    }
    if (kind === 'weekly') {
      const day = DAYS[words[1] ?? ''];
      if (day === undefined || words.length !== 3) {
        throw new ScheduleError(
          `\`${text}\`: write \`weekly <day> HH:MM\`, e.g. \`weekly mon 09:00\` (days: mon tue wed thu fri sat sun).`,
        );
      }
      const { h, m } = parseTime(words[2] ?? '');
      return { label: `weekly ${DAY_NAMES[day]} ${pad(h)}:${pad(m)}`, cron: `${m} ${h} * * ${day}` };
    }
    if (words.length !== 2) throw new ScheduleError(`\`${text}\`: write \`${kind} HH:MM\`, e.g. \`${kind} 08:00\`.`);
    const { h, m } = parseTime(words[1] ?? '');
    return kind === 'daily'
      ? { label: `daily ${pad(h)}:${pad(m)}`, cron: `${m} ${h} * * *` }
      : { label: `weekdays ${pad(h)}:${pad(m)}`, cron: `${m} ${h} * * 1-5` };
  }

  // A cron expression: exactly five fields (no seconds: a digest every second is not a digest).
  const fields = text.split(' ');
  if (!text.startsWith('@') && fields.length !== 5) {
    throw new ScheduleError(
      fields.length === 6 || fields.length === 7
        ? `\`${text}\` has ${fields.length} fields; digests take 5 (minute hour day-of-month month day-of-week), no seconds. ${SCHEDULE_HELP}`
        : `\`${text}\` is neither a preset nor a 5-field cron expression. ${SCHEDULE_HELP}`,
    );
  }
  let cron: Cron;
  try {
    cron = makeCron(text);
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).replace(/^CronPattern:\s*/, '');
    throw new ScheduleError(`\`${text}\` is not a valid cron expression (${why}). ${SCHEDULE_HELP}`);
  }
  if (!cron.nextRun(new Date(Date.UTC(2000, 0, 1)))) {
    throw new ScheduleError(`\`${text}\` never runs (no such date). ${SCHEDULE_HELP}`);
  }
  return { label: text, cron: text };
}

/** The canonical IANA name of a time zone (`europe/london` -> `Europe/London`), or a ScheduleError. */
export function normaliseTimeZone(input: string): string {
  const tz = input.trim();
  if (!tz) throw new ScheduleError('The time zone is empty; use an IANA name like Europe/London or America/New_York.');
  // Abbreviations are ambiguous and ICU resolves some surprisingly (BST -> Asia/Dhaka): only Area/Location names
  // (and UTC/GMT) are accepted.
  if (!/^(?:utc|gmt)$/i.test(tz) && !/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)+$/.test(tz)) {
    throw new ScheduleError(
      `\`${tz}\` is not an IANA time zone; use an Area/Location name like Europe/London, Europe/Berlin or America/New_York (abbreviations like BST or EST are ambiguous).`,
    );
  }
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    throw new ScheduleError(
      `\`${tz}\` is not an IANA time zone; use a name like Europe/London, Europe/Berlin or America/New_York (not an abbreviation like BST).`,
    );
  }
}

function cronIn(cron: string, timezone: string): Cron {
  return new Cron(cron, { timezone, mode: '5-part', fixedTimeRule: 'no-wildcard', paused: true });
}

/** The first run strictly after `after`, or null if the schedule never runs again. */
export function nextRunAfter(cron: string, timezone: string, after: Date | number): Date | null {
  return cronIn(cron, timezone).nextRun(new Date(after));
}

/** The next `n` runs strictly after `after`. */
export function nextRuns(cron: string, timezone: string, after: Date | number, n: number): Date[] {
  return cronIn(cron, timezone).nextRuns(n, new Date(after));
}

/** The latest run at or before `at`, or null if there is none. */
export function latestRunAtOrBefore(cron: string, timezone: string, at: Date | number): Date | null {
  const t = new Date(at).getTime();
  // previousRuns includes a run earlier in the same second as the reference: look from 1 ms later.
  const [prev] = cronIn(cron, timezone).previousRuns(1, new Date(t + 1));
  return prev && prev.getTime() <= t ? prev : null;
}

/** Count runs in (from, to), stopping at `cap` (for "missed N slots" messages). */
export function countRunsBetween(
  cron: string,
  timezone: string,
  from: Date | number,
  to: Date | number,
  cap = 1000,
): number {
  const it = cronIn(cron, timezone).enumerate(new Date(from));
  const end = new Date(to).getTime();
  let n = 0;
  for (const d of it) {
    if (d.getTime() >= end || n >= cap) break;
    n++;
  }
  return n;
}

/** "Mon 30 Mar 2026, 08:00 BST" in the subscription's time zone. */
export function formatRunTime(at: Date | number | string, timezone: string): string {
  const d = new Date(at);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  let zone = get('timeZoneName');
  if (/^GMT[+-]/.test(zone)) {
    // en-GB knows British and European abbreviations (BST, CEST); en-US the American ones (EDT, PST).
    const us = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'short' })
      .formatToParts(d)
      .find((p) => p.type === 'timeZoneName')?.value;
    if (us && !/^GMT[+-]/.test(us)) zone = us;
  }
  return `${get('weekday')} ${get('day')} ${get('month')} ${get('year')}, ${get('hour')}:${get('minute')} ${zone}`;
}
