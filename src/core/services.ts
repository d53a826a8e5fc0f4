/**
 * Everything a command handler may use, built once at start (src/bootstrap.ts) and shared by every adapter.
 * Platform-free: nothing here imports discord.js or Bolt.
 */
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import type { QuestionLog } from '../store/questionLog.js';
import type { AnswerEngine } from './answer/types.js';
import type { CommandSpec } from './commands/spec.js';

export interface Services {
  config: Config;
  log: Logger;
  db: Db;
  questions: QuestionLog;
  /** The current engine; replaced (not mutated) when the KB grows, so in-flight requests see one consistent KB. */
  engine: AnswerEngine;
  commands: CommandSpec[];
  /** The bundled KB directory the engine was built from (to rebuild it when articles are added). */
  kbDir?: string;
  /** Where this process posts digests, per platform (set by each adapter that is started). */
  posters: Partial<Record<'discord' | 'slack' | 'console', import('./delivery.js').ChannelPoster>>;
  // Feature modules (digests, ingestion) add their own optional, typed fields below.
  /** Ingestion: rebuild the engine now if the store's articles changed (set by the KB reload job). */
  reloadKnowledge?: () => Promise<boolean>;
  /** Counters for the ops server's /metrics (only when WHIP_OPS_PORT is set). */
  metrics?: import('./metrics.js').Metrics;
  /** Digests: the running scheduler (set by src/jobs.ts) and, in tests, a fake clock. */
  digests?: import('../digest/runtime.js').DigestServices;
}
