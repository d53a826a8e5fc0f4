/**
 * Publication dates as the store keeps them: YYYY, YYYY-MM or YYYY-MM-DD with a precision. A date written with
 * a calendar day (ISO 8601, RFC 822 as in RSS, "4 March 2025") keeps the day as the publisher wrote it, without
 * shifting it across time zones.
 */

export type Precision = 'day' | 'month' | 'year';

export interface PublishedDate {
  published: string;
  precision: Precision;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAY = '(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s+)?';
const DAY_MONTH_YEAR = new RegExp(`^${WEEKDAY}(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH},?\\s+(\\d{4})\\b`, 'i');
const MONTH_DAY_YEAR = new RegExp(`^${WEEKDAY}${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i');
const MONTH_YEAR = new RegExp(`^${MONTH}\\s+(\\d{4})$`, 'i');

const pad = (n: number) => String(n).padStart(2, '0');

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

function plausibleYear(y: number, now: Date): boolean {
  return y >= 1800 && y <= now.getUTCFullYear() + 1;
}

function day(y: number, m: number, d: number, now: Date): PublishedDate | undefined {
  if (!plausibleYear(y, now) || m < 1 || m > 12 || d < 1) return undefined;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return undefined;
  return { published: `${y}-${pad(m)}-${pad(d)}`, precision: 'day' };
}

type Form = [RegExp, (m: RegExpExecArray, now: Date) => PublishedDate | undefined];
const num = (m: RegExpExecArray, i: number) => Number(m[i]);
const FORMS: Form[] = [
  [/^(\d{4})$/, (m, now) => (plausibleYear(num(m, 1), now) ? { published: m[0], precision: 'year' } : undefined)],
  [
    /^(\d{4})-(\d{2})$/,
    (m, now) =>
      plausibleYear(num(m, 1), now) && num(m, 2) >= 1 && num(m, 2) <= 12
        ? { published: m[0], precision: 'month' }
        : undefined,
  ],
  [/^(\d{4})-(\d{2})-(\d{2})(?:$|[T ]\d)/, (m, now) => day(num(m, 1), num(m, 2), num(m, 3), now)],
  [/^(\d{4})\/(\d{2})\/(\d{2})$/, (m, now) => day(num(m, 1), num(m, 2), num(m, 3), now)],
  [DAY_MONTH_YEAR, (m, now) => day(num(m, 3), monthIndex(m[2] as string), num(m, 1), now)],
  [MONTH_DAY_YEAR, (m, now) => day(num(m, 3), monthIndex(m[1] as string), num(m, 2), now)],
  [
    MONTH_YEAR,
    (m, now) =>
      plausibleYear(num(m, 2), now)
        ? { published: `${m[2]}-${pad(monthIndex(m[1] as string))}`, precision: 'month' }
        : undefined,
  ],
];

/**
 * Parse a publication date from front matter, a meta tag or a feed. Returns undefined when the value is not a
 * recognisable, plausible date (a year between 1800 and next year).
 */
export function parseDate(raw: unknown, now: Date = new Date()): PublishedDate | undefined {
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return undefined;
    return day(raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate(), now);
  }
  if (typeof raw === 'number') {
    return Number.isInteger(raw) && plausibleYear(raw, now) ? { published: String(raw), precision: 'year' } : undefined;
  }
  if (typeof raw !== 'string') return undefined;
  const s = raw.trim().replace(/\s+/g, ' ');
  if (!s) return undefined;
  for (const [re, read] of FORMS) {
    const m = re.exec(s);
    if (m) return read(m, now);
  }
  // Anything else Date can read unambiguously (e.g. "2025-03-04T08:00:00.000+01:00" variants).
  if (/\d{4}/.test(s) && /[a-z]{3}|\d{1,2}[:/-]\d{1,2}/i.test(s)) {
    const t = new Date(s);
    if (!Number.isNaN(t.getTime())) return day(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), now);
  }
  return undefined;
}

/** YYYY-MM-DD of a moment, in UTC. */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
