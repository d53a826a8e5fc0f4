/**
 * Build the services every adapter shares: config -> logger -> store -> knowledge base + engine -> commands.
 */
import { commands } from '../commands/index.js';
import type { Config } from './config.js';
import { loadKnowledge } from './core/kb/runtime.js';
import type { Services } from './core/services.js';
import { createLogger, type Logger } from './log.js';
import { openDatabase, storeLocation } from './store/db.js';
import { QuestionLog } from './store/questionLog.js';

export interface BootstrapOptions {
  log?: Logger;
  /** Override the KB directory (tests); default WHIP_KB_DIR or the bundled kb/. */
  kbDir?: string;
}

export async function createServices(config: Config, opts: BootstrapOptions = {}): Promise<Services> {
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
