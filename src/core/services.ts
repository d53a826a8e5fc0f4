/**
 * Everything a command handler may use, built once at start (src/bootstrap.ts) and shared by every adapter.
 * Platform-free and store-free: nothing in src/core imports an adapter, the store, digests or ingestion (a test
 * checks). Outer layers add what they provide by module augmentation, as Sapphire's container does:
 *
 *     declare module './core/services.js' { interface Services { db: Db } }
 *
 * (see src/bootstrap.ts, which wires them).
 */
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { AnswerEngine } from './answer/types.js';
import type { CommandSpec } from './commands/spec.js';
import type { ChannelPoster } from './delivery.js';

/** One question as the question log keeps it (`kb gaps` reads the unanswered ones). */
export interface QuestionEntry {
  platform: string;
  question: string;
  normalised: string;
  status: string;
  confidence: number;
  answer: string | null;
  channelId?: string | null;
  userId?: string | null;
}

/** Where the dispatcher records questions; the store's question log implements it (and adds feedback). */
export interface QuestionRecorder {
  record(q: QuestionEntry): Promise<number>;
}

export interface Services {
  config: Config;
  log: Logger;
  questions: QuestionRecorder;
  /** The current engine; replaced (not mutated) when the KB grows, so in-flight requests see one consistent KB. */
  engine: AnswerEngine;
  commands: CommandSpec[];
  /** The bundled KB directory the engine was built from (to rebuild it when articles are added). */
  kbDir?: string;
  /** Where this process posts digests, per platform (set by each adapter that is started). */
  posters: Partial<Record<'discord' | 'slack' | 'console', ChannelPoster>>;
  /** Ingestion: rebuild the engine now if the store's articles changed (set by the KB reload job). */
  reloadKnowledge?: () => Promise<boolean>;
  /** Counters for the ops server's /metrics (only when WHIP_OPS_PORT is set). */
  metrics?: import('./metrics.js').Metrics;
}
