/**
 * Build the services every adapter shares: config -> logger -> store -> knowledge base + engine -> commands.
 * The wiring of outer layers into the core's Services type lives here too (module augmentation), so src/core
 * never imports the store or digests.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { commands } from '../commands/index.js';
import { type Config, ConfigError } from './config.js';
import type { Services } from './core/services.js';
import type { DigestServices } from './digest/runtime.js';
import { loadKnowledge } from './kb/runtime.js';
import { createLogger, type Logger, registerSecrets } from './log.js';
import { type Db, openDatabase, storeLocation } from './store/db.js';
import { feedbackSecretFile, QuestionLog } from './store/questionLog.js';

declare module './core/services.js' {
  interface Services {
    /** The store (articles, question log, digests, feeds, threads). */
    db: Db;
    /** Digests: the running scheduler (set by src/jobs.ts) and, in tests, a fake clock. */
    digests?: DigestServices;
  }
  /** The store's question log also records feedback, finds a logged question again and applies retention. */
  interface QuestionRecorder extends Pick<QuestionLog, 'get' | 'feedback' | 'purge'> {}
}

/**
 * WHIP_KB_DIR must be a knowledge-base directory: one that does not exist, or holds none of articles.yaml,
 * curated/ and articles/, is a mistake to report, not an empty knowledge base to serve.
 */
export function checkKbDir(dir: string): void {
  const hint =
    'point it at a knowledge-base directory (articles.yaml, curated/, articles/) or unset it for the bundled kb/';
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ConfigError([`config: WHIP_KB_DIR is not a directory (got "${dir}"); ${hint}`]);
  }
  const entries = new Set(readdirSync(dir));
  if (!['articles.yaml', 'curated', 'articles'].some((e) => entries.has(e))) {
    throw new ConfigError([`config: WHIP_KB_DIR has no knowledge base in it (got "${dir}"); ${hint}`]);
  }
}

/**
 * The key of the feedback voter HMAC: WHIP_FEEDBACK_SECRET, else (SQLite) a random secret generated once into
 * `<WHIP_DATA_DIR>/feedback.secret`. With DATABASE_URL the variable is required: every instance must hash with
 * the same key (a file per instance would let one person vote once per instance), and storing the key in the
 * database beside the hashes would leave them reversible by anyone who can read that database.
 */
export function feedbackSecret(config: Config): string {
  if (config.WHIP_FEEDBACK_SECRET) return config.WHIP_FEEDBACK_SECRET;
  if (config.DATABASE_URL) {
    throw new ConfigError([
      'config: WHIP_FEEDBACK_SECRET is required with DATABASE_URL (every instance must hash feedback voters with the same secret); set it to a long random value, e.g. `openssl rand -hex 32`',
    ]);
  }
  try {
    return feedbackSecretFile(resolve(config.WHIP_DATA_DIR, 'feedback.secret'));
  } catch (e) {
    throw new ConfigError([`config: cannot keep the feedback secret in WHIP_DATA_DIR: ${(e as Error).message}`]);
  }
}

export interface BootstrapOptions {
  log?: Logger;
  /** Override the KB directory (tests); default WHIP_KB_DIR or the bundled kb/. */
  kbDir?: string;
}

export async function createServices(config: Config, opts: BootstrapOptions = {}): Promise<Services> {
  if (!opts.kbDir && config.WHIP_KB_DIR) checkKbDir(config.WHIP_KB_DIR);
  // Before the store opens: a missing secret with DATABASE_URL is a config error, not a half-started bot.
  if (config.DATABASE_URL) feedbackSecret(config);
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const db = await openDatabase(storeLocation(config));
  try {
    // After the store opened: it created WHIP_DATA_DIR (0700), where the generated secret is kept.
    const voterSecret = feedbackSecret(config);
    registerSecrets([voterSecret]);
    const engine = await loadKnowledge({
      db,
      log,
      kbDir: opts.kbDir ?? config.WHIP_KB_DIR,
      snapshotDir: config.WHIP_DATA_DIR,
    });
    return {
      config,
      log,
      db,
      questions: new QuestionLog(db, config.WHIP_LOG_USER_NAMES, undefined, voterSecret),
      engine,
      commands,
      kbDir: opts.kbDir ?? config.WHIP_KB_DIR,
      posters: {},
    };
  } catch (e) {
    await db.destroy();
    throw e;
  }
}

export async function closeServices(services: Services): Promise<void> {
  await services.db.destroy();
}
