/**
 * The question log: every question asked, with platform, status and confidence (user ids only when the
 * operator enables it), plus feedback votes. `whip kb gaps` reads it to list what the KB could not answer.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { QuestionEntry } from '../core/services.js';
import type { Db } from './db.js';

/** The core's definition of a logged question (the store implements the core's QuestionRecorder). */
export type LoggedQuestion = QuestionEntry;

export interface Gap {
  question: string;
  normalised: string;
  count: number;
  lastAsked: string;
}

/** Random bytes in a generated feedback secret: 256 bits, the HMAC-SHA256 key size. */
const GENERATED_SECRET_BYTES = 32;
/** The generated secret file: readable by the bot's user only (it is what keeps voter hashes unguessable). */
const SECRET_FILE_MODE = 0o600;
/** A secret file shorter than this (hex characters) is damaged, not a secret to trust. */
const MIN_SECRET_FILE_CHARS = 32;

/**
 * The feedback secret kept at `path`, created (random, mode 0600) on first use so votes stay one per person across
 * restarts. Creation is atomic (written to a temporary file, then hard-linked into place): two processes starting
 * at once end up with the same secret.
 */
export function feedbackSecretFile(path: string): string {
  const read = () => readFileSync(path, 'utf8').trim();
  try {
    const existing = read();
    if (existing.length >= MIN_SECRET_FILE_CHARS) return existing;
    throw new Error(`the feedback secret file ${path} is damaged (too short); remove it to generate a new one`);
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw e;
  }
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, `${randomBytes(GENERATED_SECRET_BYTES).toString('hex')}\n`, {
    mode: SECRET_FILE_MODE,
    flag: 'wx',
  });
  try {
    linkSync(tmp, path);
  } catch (e) {
    // Another process created it first: use theirs.
    if ((e as { code?: string }).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(tmp);
  }
  return read();
}

export class QuestionLog {
  private readonly voterKey: string | Buffer;

  /**
   * `voterSecret` keys the HMAC that turns a voter id into the stored `voter` (WHIP_FEEDBACK_SECRET or the
   * generated secret file). Without one (tools that never record votes, tests) a random per-instance key is used:
   * votes are then one per person only for this instance's lifetime.
   */
  constructor(
    private readonly db: Db,
    private readonly keepUserIds = false,
    private readonly now: () => Date = () => new Date(),
    voterSecret?: string,
  ) {
    this.voterKey = voterSecret ?? randomBytes(GENERATED_SECRET_BYTES);
  }

  async record(q: LoggedQuestion): Promise<number> {
    const row = await this.db
      .insertInto('questions')
      .values({
        asked_at: this.now().toISOString(),
        platform: q.platform,
        channel_id: q.channelId ?? null,
        user_id: this.keepUserIds ? (q.userId ?? null) : null,
        question: q.question.slice(0, 2000),
        normalised: q.normalised.slice(0, 2000),
        status: q.status,
        confidence: q.confidence,
        answer: q.answer,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async get(id: number) {
    return this.db.selectFrom('questions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Record a 👍 (+1) or 👎 (-1); a second vote by the same person replaces the first. Returns false if no such question. */
  async feedback(questionId: number, vote: 1 | -1, platform: string, voterId: string): Promise<boolean> {
    const exists = await this.get(questionId);
    if (!exists) return false;
    // Keyed (HMAC), not a plain hash: user ids are few and public, so sha256(id) could be reversed by trying them
    // all; without the secret, the stored voter says nothing about who voted.
    const voter = createHmac('sha256', this.voterKey).update(`${platform}:${voterId}`).digest('hex').slice(0, 32);
    await this.db
      .insertInto('feedback')
      .values({ question_id: questionId, vote, platform, voter, created_at: this.now().toISOString() })
      .onConflict((oc) =>
        oc.columns(['question_id', 'voter']).doUpdateSet({ vote, created_at: this.now().toISOString() }),
      )
      .execute();
    return true;
  }

  async feedbackTotals(questionId: number): Promise<{ up: number; down: number }> {
    const rows = await this.db
      .selectFrom('feedback')
      .select(['vote', sql<number>`count(*)`.as('n')])
      .where('question_id', '=', questionId)
      .groupBy('vote')
      .execute();
    return {
      up: Number(rows.find((r) => r.vote === 1)?.n ?? 0),
      down: Number(rows.find((r) => r.vote === -1)?.n ?? 0),
    };
  }

  /**
   * Forget questions asked before `before` (and their feedback): the retention of WHIP_QUESTION_LOG_DAYS and
   * `whip log purge`. Returns how many questions were removed.
   */
  async purge(before: Date): Promise<number> {
    const cutoff = before.toISOString();
    return this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('feedback')
        .where('question_id', 'in', trx.selectFrom('questions').select('id').where('asked_at', '<', cutoff))
        .execute();
      const r = await trx.deleteFrom('questions').where('asked_at', '<', cutoff).executeTakeFirst();
      return Number(r.numDeletedRows);
    });
  }

  /** Questions the KB could not answer, most frequent first. */
  async gaps(limit = 20): Promise<Gap[]> {
    const rows = await this.db
      .selectFrom('questions')
      .select([
        'normalised',
        sql<string>`min(question)`.as('question'),
        sql<number>`count(*)`.as('count'),
        sql<string>`max(asked_at)`.as('last_asked'),
      ])
      .where('status', '=', 'unknown')
      .groupBy('normalised')
      .orderBy('count', 'desc')
      .orderBy('last_asked', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      question: r.question,
      normalised: r.normalised,
      count: Number(r.count),
      lastAsked: r.last_asked,
    }));
  }
}
