/**
 * What the command core asks of the answer engine. Synchronous, except retrieval on PostgreSQL: callers reach
 * `ask`, `claims` and `citationsFor` through settle() below, which awaits it when needed.
 */
import type { AutocompleteSource } from '../commands/spec.js';
import type { Reply } from '../reply.js';
import type { Knowledge } from './knowledge.js';

export interface Choice {
  name: string;
  value: string;
}

export interface AnswerEngine {
  /** The knowledge this engine answers from (read-only; digests and listings read it). */
  readonly k: Knowledge;
  /** A free question. */
  ask(question: string): Reply;
  /** Who holds (or would hold) a role, optionally under a scenario. */
  who(role: string, scenario?: string): Reply;
  /** Who said what: by speaker and/or topic. */
  quotes(query: { speaker?: string; topic?: string }): Reply;
  /** Claims on a topic; contested ones with both sides. */
  claims(topic: string): Reply;
  /** An entity's roles, party, claims and quotes. */
  profile(entity: string): Reply;
  /** Articles in the KB with date and publication, a page at a time (newest first). */
  sources(page?: number): Reply;
  /** The full citations behind a question (the Sources button). */
  citationsFor(question: string): Reply;
  autocomplete(source: AutocompleteSource, partial: string, limit?: number): Choice[];
  /** A canonical form of a question, to group the same question asked differently (question log). */
  normaliseForLog(question: string): string;
  /**
   * Run calls into this engine once every retrieval they need is available (Engine.settle): needed when the
   * engine retrieves asynchronously (PostgreSQL). Absent: the engine is synchronous throughout (stubs).
   */
  settle?<T>(run: () => T): Promise<T>;
}

/** `run(engine)` through the engine's settle() where it has one: what command handlers and buttons call. */
export function settled<T>(engine: AnswerEngine, run: (engine: AnswerEngine) => T): Promise<T> {
  return engine.settle ? engine.settle(() => run(engine)) : Promise.resolve(run(engine));
}
