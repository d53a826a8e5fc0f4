/**
 * Structured logging (pino) to stderr, so stdout stays clean for replies and JSON.
 * Secrets are redacted wherever they appear as fields; tokens are never passed to the logger on purpose.
 */
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

const SECRET_KEYS = [
  'token',
  'authorization',
  'DISCORD_TOKEN',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'WHIP_FEEDBACK_SECRET',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
  'WHIP_SECRET_KEY',
  'clientSecret',
  'stateSecret',
  'DATABASE_URL',
  'signingSecret',
  'appToken',
  'botToken',
];

/** Secret fields at the top level and up to three levels deep. */
export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`]).concat([
  'headers.authorization',
  '*.headers.authorization',
]);

/** Patterns of secrets that may leak into free text (error messages); masked before logging. */
const SECRET_TEXT =
  /(xox[abprs]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|[MN][A-Za-z0-9_-]{23,}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,})/g;

/** The configuration variables whose values are secrets, masked wherever they appear (not only by shape). */
export const SECRET_VARIABLES = [
  'DISCORD_TOKEN',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'WHIP_FEEDBACK_SECRET',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
  'WHIP_SECRET_KEY',
] as const;
/** Shorter values are not masked by value: masking "abc" everywhere would garble logs and protect nothing. */
const MIN_SECRET_LENGTH = 8;

const registered = new Set<string>();

/** Mask these values (configured tokens and secrets) in every log line from now on. */
export function registerSecrets(values: Iterable<string | undefined>): void {
  for (const v of values) if (v && v.length >= MIN_SECRET_LENGTH) registered.add(v);
}

function secretValues(): string[] {
  const out = new Set(registered);
  for (const name of SECRET_VARIABLES) {
    const v = process.env[name]?.trim();
    if (v && v.length >= MIN_SECRET_LENGTH) out.add(v);
  }
  return [...out];
}

/** The password of a URL with credentials (DATABASE_URL in a driver's error message). */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/\s@]*:)[^@\s/]+@/gi;

export function maskSecrets(text: string): string {
  let out = text.replace(SECRET_TEXT, '[REDACTED]').replace(URL_PASSWORD, '$1[REDACTED]@');
  for (const v of secretValues()) if (out.includes(v)) out = out.split(v).join('[REDACTED]');
  return out;
}

/** Every string inside a log object masked (objects and arrays up to a few levels deep). */
function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskSecrets(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  // Errors and other instances are left to their serializers (the err serializer masks its message).
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, depth + 1);
  return out;
}

export function createLogger(level = 'info', destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    {
      level,
      base: { app: 'whip' },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      formatters: { log: (obj) => maskDeep(obj) as Record<string, unknown> },
      serializers: {
        err: (e: unknown) => {
          const err = e instanceof Error ? e : new Error(String(e));
          return { type: err.name, message: maskSecrets(err.message), code: (err as { code?: unknown }).code };
        },
      },
      hooks: {
        // The message string never reaches `formatters`; mask secrets in every string argument here.
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskSecrets(a) : a)) as Parameters<typeof method>;
          return method.apply(this, masked);
        },
      },
    },
    destination as DestinationStream,
  );
}

/** Short error text safe for a user or a log line. */
export function describeError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return maskSecrets(msg).split('\n')[0] ?? 'unknown error';
}
