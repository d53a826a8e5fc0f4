/**
 * Build the services every adapter shares: config -> logger -> store -> knowledge base + engine -> commands.
 * The wiring of outer layers into the core's Services type lives here too (module augmentation), so src/core
 * never imports the store or digests.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { commands } from '../commands/index.js';
import { type Config, ConfigError } from './config.js';
import type { Services } from './core/services.js';
import type { DigestServices } from './digest/runtime.js';
import { loadKnowledge } from './kb/runtime.js';
import { createLogger, type Logger } from './log.js';
import { type Db, openDatabase, storeLocation } from './store/db.js';
import { QuestionLog } from './store/questionLog.js';

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

export interface BootstrapOptions {
  log?: Logger;
  /** Override the KB directory (tests); default WHIP_KB_DIR or the bundled kb/. */
  kbDir?: string;
}

export async function createServices(config: Config, opts: BootstrapOptions = {}): Promise<Services> {
  if (!opts.kbDir && config.WHIP_KB_DIR) checkKbDir(config.WHIP_KB_DIR);
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const db = await openDatabase(storeLocation(config));
  try {
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
      questions: new QuestionLog(db, config.WHIP_LOG_USER_NAMES),
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
