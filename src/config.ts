/**
 * Configuration: `.env` (via dotenv) and the process environment, validated by one zod schema at start.
 * A bad variable yields one clear line naming it and what it should look like — never a stack trace.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod';
import { validAllowHosts } from './ingest/netPolicy.js';
import { parseSecretKey } from './store/secretBox.js';

/** A shorter feedback secret could be guessed by trying them all, which is what the HMAC is there to prevent. */
const MIN_FEEDBACK_SECRET_CHARS = 16;
/** The OAuth state is an HMAC keyed by SLACK_STATE_SECRET: as with the feedback secret, short is guessable. */
const MIN_STATE_SECRET_CHARS = 16;

const optionalString = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const flag = z
  .string()
  .trim()
  .toLowerCase()
  .optional()
  .refine((v) => v === undefined || ['1', '0', 'true', 'false', 'yes', 'no', ''].includes(v), {
    message: 'must be true or false (also 1/0, yes/no)',
  })
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/** An on/off switch that is on unless turned off (on/off, true/false, 1/0, yes/no). */
const onByDefault = z
  .string()
  .trim()
  .toLowerCase()
  .optional()
  .refine((v) => v === undefined || ['on', 'off', '1', '0', 'true', 'false', 'yes', 'no', ''].includes(v), {
    message: 'must be on or off (also true/false, 1/0, yes/no)',
  })
  .transform((v) => !(v === 'off' || v === '0' || v === 'false' || v === 'no'));

const url = (example: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((s) => (s === '' ? undefined : s))
    .refine((s) => s === undefined || /^https?:\/\/[^\s/]+/.test(s), {
      message: `must be an http(s) URL like ${example}`,
    })
    .transform((s) => s?.replace(/\/+$/, ''));

const intIn = (min: number, max: number, def: number, what: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((s) => (s === undefined || s === '' ? String(def) : s))
    .refine((s) => /^\d+$/.test(s) && Number(s) >= min && Number(s) <= max, {
      message: `must be a whole number of ${what} between ${min} and ${max}`,
    })
    .transform(Number);

/** Digests' time zone when WHIP_TIMEZONE is not set. */
const DEFAULT_TIMEZONE = 'Europe/London';

/**
 * An IANA Area/Location name (or UTC/GMT) that this Node knows. Abbreviations like BST are refused: ICU resolves
 * some of them surprisingly (BST -> Asia/Dhaka), and every digest schedule refuses them anyway.
 */
export function isIanaTimeZone(tz: string): boolean {
  // The default needs no check, and checking costs every process ~14 ms (the first Intl.DateTimeFormat with a
  // zone loads ICU's zone data): a one-shot `whip ask` is ~270 ms in all, and it never reads the zone.
  if (tz === DEFAULT_TIMEZONE) return true;
  if (!/^(?:utc|gmt)$/i.test(tz) && !/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)+$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** `0,2-4` -> [0, 2, 3, 4] (sorted, without repeats). */
function parseShardIds(s: string): number[] {
  const ids = new Set<number>();
  for (const part of s.replace(/\s+/g, '').split(',')) {
    const [a, b] = part.split('-').map(Number) as [number, number | undefined];
    for (let i = a; i <= (b ?? a); i++) ids.add(i);
  }
  return [...ids].sort((x, y) => x - y);
}

function isPostgresUrlText(s: string): boolean {
  if (!/^postgres(ql)?:\/\//i.test(s)) return false;
  try {
    return new URL(s).hostname !== '' || new URL(s).searchParams.has('host');
  } catch {
    return false;
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const configSchema = z
  .object({
    WHIP_DATA_DIR: z.string().trim().default('./data'),
    WHIP_KB_DIR: optionalString,
    LOG_LEVEL: z
      .string()
      .trim()
      .toLowerCase()
      .optional()
      .transform((s) => (s === undefined || s === '' ? 'info' : s))
      .refine((s): s is (typeof LOG_LEVELS)[number] => (LOG_LEVELS as readonly string[]).includes(s), {
        message: `must be one of ${LOG_LEVELS.join(', ')}`,
      })
      .transform((s) => s as (typeof LOG_LEVELS)[number]),
    WHIP_LOG_USER_NAMES: flag,
    WHIP_TIMEZONE: z.string().trim().default(DEFAULT_TIMEZONE).refine(isIanaTimeZone, {
      message:
        'must be an IANA time zone like Europe/London or America/New_York (abbreviations like BST or EST are ambiguous)',
    }),
    WHIP_DIGEST_LOOKBACK_DAYS: intIn(1, 365, 7, 'days'),
    WHIP_DIGEST_GRACE_MINUTES: intIn(0, 10080, 60, 'minutes'),
    WHIP_SCHEDULER_TICK_SECONDS: intIn(1, 3600, 15, 'seconds'),
    WHIP_FEED_POLL_MINUTES: intIn(1, 1440, 15, 'minutes'),
    /**
     * How many instances run digests against one database. A platform's rate limit is per bot, not per process:
     * each instance paces its digest posts at 1/N of it, so N instances together stay within the limit.
     */
    WHIP_DIGEST_INSTANCES: intIn(1, 1000, 1, 'instances'),
    /** Time limit for fetching one web page or feed (ingestion, feed polling). */
    WHIP_FETCH_TIMEOUT_SECONDS: intIn(1, 300, 20, 'seconds'),
    /**
     * Hosts (or host:port) that may be fetched even though they resolve to loopback or private addresses (an
     * intranet feed); comma-separated. Nothing is allowed by default (server-side request forgery guard).
     */
    WHIP_FETCH_ALLOW_HOSTS: optionalString.refine((s) => s === undefined || validAllowHosts(s), {
      message: 'must be a comma-separated list of host names or host:port, like intranet.example,10.0.0.5:8080',
    }),
    /**
     * Whether server/workspace administrators may add feeds from chat (`feeds add`); off for a public bot, where
     * any server's admin could otherwise grow the shared knowledge base. Listing and removing still work.
     */
    WHIP_CHAT_FEEDS: onByDefault,
    /** Articles with more text than this (bytes of UTF-8, after extraction) are refused. */
    WHIP_MAX_ARTICLE_BYTES: intIn(1000, 50_000_000, 400_000, 'bytes'),
    /**
     * Days an ingested article is kept after its publication date (unset: forever); older ones leave the store
     * with their analysis and index rows. Bundled kb/ articles, digests and the question log are not affected.
     */
    WHIP_KB_RETENTION_DAYS: z
      .string()
      .trim()
      .optional()
      .transform((s) => (s === undefined || s === '' ? undefined : s))
      .refine((s) => s === undefined || (/^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= 36_500), {
        message: 'must be a whole number of days from 1 to 36500, or empty to keep articles forever',
      })
      .transform((s) => (s === undefined ? undefined : Number(s))),
    /** Days the question log keeps a question (and its feedback); 0 keeps them forever. */
    WHIP_QUESTION_LOG_DAYS: intIn(0, 36_500, 90, 'days'),
    /**
     * Days a thread Whip answered in is remembered after its last answer (so a plain follow-up there is
     * answered); 0 keeps them forever. 30: a conversation idle for a month is over; a mention still works.
     */
    WHIP_THREAD_DAYS: intIn(0, 36_500, 30, 'days'),
    /**
     * Days a finished digest delivery (sent, failed, skipped) stays in the ledger; 0 keeps them forever. 30: a
     * month of history for `digest status` and for looking into a failure, at ~50,000 rows a day at 50,000 servers.
     */
    WHIP_DIGEST_LEDGER_DAYS: intIn(0, 36_500, 30, 'days'),
    /**
     * Key of the HMAC that hashes feedback voters (so stored votes cannot be traced back to user ids). Unset: a
     * random one is generated into WHIP_DATA_DIR/feedback.secret; required with DATABASE_URL.
     */
    WHIP_FEEDBACK_SECRET: optionalString.refine((s) => s === undefined || s.length >= MIN_FEEDBACK_SECRET_CHARS, {
      message: `must be at least ${MIN_FEEDBACK_SECRET_CHARS} characters (a long random value, e.g. \`openssl rand -hex 32\`)`,
    }),
    /** Questions (ask, mentions, thread follow-ups) one user may ask per minute, in a burst or sustained. */
    WHIP_RATE_USER_PER_MINUTE: intIn(1, 10_000, 20, 'questions per minute'),
    /** Questions one channel may ask per minute, all users together. */
    WHIP_RATE_CHANNEL_PER_MINUTE: intIn(1, 10_000, 60, 'questions per minute'),
    /** How often the running bot checks the store for new or changed articles and rebuilds its engine. */
    WHIP_KB_RELOAD_SECONDS: intIn(1, 3600, 5, 'seconds'),
    WHIP_SLACK_ADMINS: z
      .string()
      .optional()
      .transform((s) =>
        (s ?? '')
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      )
      .refine((ids) => ids.every((id) => /^[UW][A-Z0-9]+$/.test(id)), {
        message: 'must be a comma-separated list of Slack user ids like U012ABCDEF,U034GHIJKL',
      }),
    DISCORD_TOKEN: optionalString,
    DISCORD_APPLICATION_ID: optionalString.refine((s) => s === undefined || /^\d{15,22}$/.test(s), {
      message: 'must be the numeric application id (a snowflake like 123456789012345678)',
    }),
    DISCORD_GUILD_ID: optionalString.refine((s) => s === undefined || /^\d{15,22}$/.test(s), {
      message: 'must be a numeric guild id (a snowflake like 123456789012345678)',
    }),
    DISCORD_API_BASE: url('https://discord.com/api'),
    /** Gateway shards in all (a number, or `auto` for Discord's recommendation); unset = no sharding config. */
    DISCORD_SHARD_COUNT: z
      .string()
      .trim()
      .optional()
      .refine((s) => s === undefined || s === '' || s === 'auto' || (/^\d+$/.test(s) && Number(s) >= 1), {
        message: 'must be the total number of shards (1 or more) or auto',
      })
      .transform((s): number | 'auto' | undefined =>
        s === undefined || s === '' ? undefined : s === 'auto' ? 'auto' : Number(s),
      ),
    /** The shards this process runs: `0,1` or `0-3` (default all of DISCORD_SHARD_COUNT). */
    DISCORD_SHARD_IDS: z
      .string()
      .trim()
      .optional()
      .refine((s) => s === undefined || s === '' || /^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(s.replace(/\s+/g, '')), {
        message: 'must be shard ids like 0,1 or a range like 0-3',
      })
      .transform((s) => (s === undefined || s === '' ? undefined : parseShardIds(s))),
    SLACK_BOT_TOKEN: optionalString.refine((s) => s === undefined || s.startsWith('xoxb-'), {
      message: 'must be a bot token starting with xoxb-',
    }),
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_APP_TOKEN: optionalString.refine((s) => s === undefined || s.startsWith('xapp-'), {
      message: 'must be an app-level token starting with xapp-',
    }),
    SLACK_API_URL: url('https://slack.com/api/'),
    /**
     * Slack for many workspaces: the app's OAuth client id/secret turn on Bolt's install flow (/slack/install and
     * /slack/oauth_redirect), with installations kept in the store and their tokens sealed with WHIP_SECRET_KEY.
     */
    SLACK_CLIENT_ID: optionalString.refine((s) => s === undefined || /^\d+\.\d+$/.test(s), {
      message: "must be the app's Client ID from Basic Information, like 1234567890.0987654321",
    }),
    SLACK_CLIENT_SECRET: optionalString,
    /** Signs the OAuth `state` (cross-site request forgery guard of the install flow). */
    SLACK_STATE_SECRET: optionalString.refine((s) => s === undefined || s.length >= MIN_STATE_SECRET_CHARS, {
      message: `must be at least ${MIN_STATE_SECRET_CHARS} characters (a long random value, e.g. \`openssl rand -hex 32\`)`,
    }),
    /** AES-256-GCM key sealing secrets at rest (Slack OAuth bot tokens): 32 bytes as 64 hex or base64. */
    WHIP_SECRET_KEY: optionalString.refine((s) => s === undefined || parseSecretKey(s) !== undefined, {
      message: 'must be a 32-byte key as 64 hex characters or base64 (e.g. `openssl rand -hex 32`)',
    }),
    /**
     * A shared PostgreSQL database (`postgres://user:password@host:5432/whip`) instead of the SQLite file under
     * WHIP_DATA_DIR: several instances on one database. Never echoed (it may hold a password).
     */
    DATABASE_URL: optionalString.refine((s) => s === undefined || isPostgresUrlText(s), {
      message: 'must be a PostgreSQL URL like postgres://whip:password@db.example:5432/whip',
    }),
    /** The ops HTTP server (/metrics, /healthz, /readyz); off when unset. */
    WHIP_OPS_PORT: z
      .string()
      .trim()
      .optional()
      .refine((s) => s === undefined || s === '' || (/^\d+$/.test(s) && Number(s) >= 0 && Number(s) <= 65535), {
        message: 'must be a TCP port between 0 and 65535 (0 = any free port), or unset to turn the ops server off',
      })
      .transform((s) => (s === undefined || s === '' ? undefined : Number(s))),
    /** Where the ops server listens: loopback by default (metrics are not for the public internet). */
    WHIP_OPS_HOST: z.string().trim().default('127.0.0.1'),
    /** This instance's name in a cluster (metrics, logs); default host-pid. */
    WHIP_INSTANCE_ID: optionalString,
    PORT: intIn(1, 65535, 3000, 'a TCP port'),
    HOST: z.string().trim().default('0.0.0.0'),
  })
  .superRefine((c, ctx) => {
    if (c.DISCORD_SHARD_IDS && typeof c.DISCORD_SHARD_COUNT !== 'number') {
      ctx.addIssue({
        code: 'custom',
        path: ['DISCORD_SHARD_IDS'],
        message: 'needs DISCORD_SHARD_COUNT set to the total number of shards (not auto)',
      });
    } else if (c.DISCORD_SHARD_IDS && typeof c.DISCORD_SHARD_COUNT === 'number') {
      const count = c.DISCORD_SHARD_COUNT;
      if (c.DISCORD_SHARD_IDS.some((id) => id >= count)) {
        ctx.addIssue({
          code: 'custom',
          path: ['DISCORD_SHARD_IDS'],
          message: `must be shard ids below DISCORD_SHARD_COUNT (${count})`,
        });
      }
    }
    for (const problem of slackOAuthProblems(c)) ctx.addIssue({ code: 'custom', ...problem });
    if (c.SLACK_BOT_TOKEN && !c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'is required when SLACK_BOT_TOKEN is set without SLACK_APP_TOKEN (HTTP mode verifies signatures)',
      });
    }
  });

export type Config = z.infer<typeof configSchema>;

type SlackOAuthVars = Pick<
  Config,
  | 'SLACK_CLIENT_ID'
  | 'SLACK_CLIENT_SECRET'
  | 'SLACK_STATE_SECRET'
  | 'WHIP_SECRET_KEY'
  | 'SLACK_SIGNING_SECRET'
  | 'SLACK_BOT_TOKEN'
  | 'SLACK_APP_TOKEN'
>;

/** What the OAuth (many workspaces) mode needs besides SLACK_CLIENT_ID, one problem per missing variable. */
function slackOAuthProblems(c: SlackOAuthVars): { path: string[]; message: string }[] {
  const oauthVars = ['SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;
  if (!c.SLACK_CLIENT_ID) {
    return oauthVars
      .filter((name) => c[name] !== undefined)
      .map((name) => ({ path: [name], message: 'is set but SLACK_CLIENT_ID is not (both are needed for OAuth)' }));
  }
  const problems: { path: string[]; message: string }[] = [];
  for (const name of oauthVars) {
    if (!c[name]) problems.push({ path: [name], message: 'is required with SLACK_CLIENT_ID (Slack OAuth install)' });
  }
  if (!c.SLACK_SIGNING_SECRET) {
    problems.push({
      path: ['SLACK_SIGNING_SECRET'],
      message: 'is required with SLACK_CLIENT_ID (the OAuth app receives signed HTTP requests)',
    });
  }
  if (!c.WHIP_SECRET_KEY) {
    problems.push({
      path: ['WHIP_SECRET_KEY'],
      message:
        "is required with SLACK_CLIENT_ID: it seals the workspaces' bot tokens in the database; set it to 32 random bytes, e.g. `openssl rand -hex 32`",
    });
  }
  if (c.SLACK_BOT_TOKEN) {
    problems.push({
      path: ['SLACK_BOT_TOKEN'],
      message: 'and SLACK_CLIENT_ID are both set: use SLACK_BOT_TOKEN for one workspace or SLACK_CLIENT_ID for many',
    });
  }
  if (c.SLACK_APP_TOKEN) {
    problems.push({
      path: ['SLACK_APP_TOKEN'],
      message: 'cannot be used with SLACK_CLIENT_ID: the OAuth install flow runs in HTTP mode (unset SLACK_APP_TOKEN)',
    });
  }
  return problems;
}

/** Thrown with one human line per problem; the CLI prints `message` and exits 2. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** Validate an environment (a plain object, so tests need not touch process.env). */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? 'configuration');
    const given = env[name];
    const shown =
      given === undefined || /TOKEN|SECRET|PASSWORD|KEY|DATABASE_URL/.test(name) ? '' : ` (got "${redactUrl(given)}")`;
    return `config: ${name} ${issue.message}${shown}`;
  });
  throw new ConfigError(problems);
}

/** A value as it may be shown back: a URL's password (https://user:pw@host) never is. */
export function redactUrl(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@\s:]*):[^/@\s]*@/i, '$1:***@');
}

let dotenvLoaded = false;
/** Load `.env` from the working directory (if any) into process.env, then validate. */
export async function loadConfig(): Promise<Config> {
  if (!dotenvLoaded && existsSync(resolve('.env'))) {
    const dotenv = await import('dotenv');
    dotenv.config({ path: resolve('.env'), quiet: true });
    dotenvLoaded = true;
  }
  return parseConfig(process.env);
}

/** Which platform adapters this configuration enables. */
export function enabledPlatforms(config: Config): { discord: boolean; slack: boolean } {
  return {
    discord: Boolean(config.DISCORD_TOKEN),
    slack: Boolean(config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID),
  };
}
