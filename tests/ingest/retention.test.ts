/**
 * Question-log retention (issue #14): questions older than WHIP_QUESTION_LOG_DAYS are removed with their
 * feedback — by the running bot's retention job and by `whip log purge`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRetention } from '../../src/ingest/jobs.js';
import { QuestionLog } from '../../src/store/questionLog.js';
import { stubServices } from '../fakes/stubServices.js';
import { type TempStore, tempStore, whip } from './helpers.js';

const DAY = 24 * 60 * 60 * 1000;
let store: TempStore;
beforeEach(async () => {
  store = await tempStore();
});
afterEach(async () => {
  await store.close();
});

async function seed(log: (at: Date) => QuestionLog, now: Date) {
  for (const age of [200, 100, 10, 0]) {
    const id = await log(new Date(now.getTime() - age * DAY)).record({
      platform: 'slack',
      question: `asked ${age} days ago`,
      normalised: `asked ${age}`,
      status: 'unknown',
      confidence: 0,
      answer: null,
    });
    await log(now).feedback(id, 1, 'slack', `U${age}`);
  }
}

const questions = (s: TempStore) =>
  s.db
    .selectFrom('questions')
    .select('question')
    .orderBy('id')
    .execute()
    .then((r) => r.map((x) => x.question));

describe('question log retention', () => {
  it('purge removes older questions and their feedback', async () => {
    const now = new Date('2026-06-01T00:00:00Z');
    await seed((at) => new QuestionLog(store.db, false, () => at), now);
    const n = await new QuestionLog(store.db).purge(new Date(now.getTime() - 90 * DAY));
    expect(n).toBe(2);
    expect(await questions(store)).toEqual(['asked 10 days ago', 'asked 0 days ago']);
    expect(await store.db.selectFrom('feedback').select('id').execute()).toHaveLength(2);
  });

  it('the running bot applies WHIP_QUESTION_LOG_DAYS', async () => {
    const { services, cleanup } = await stubServices({ WHIP_QUESTION_LOG_DAYS: '30' });
    try {
      const now = new Date('2026-06-01T00:00:00Z');
      await seed((at) => new QuestionLog(services.db, false, () => at), now);
      const job = startRetention(services, () => now);
      await job.stop();
      const left = await services.db.selectFrom('questions').select('question').orderBy('id').execute();
      expect(left.map((r) => r.question)).toEqual(['asked 10 days ago', 'asked 0 days ago']);
    } finally {
      await cleanup();
    }
  });

  it('`whip log purge --days N` removes older questions', async () => {
    const now = new Date();
    await seed((at) => new QuestionLog(store.db, false, () => at), now);
    const r = await whip(['log', 'purge', '--days', '50'], { WHIP_DATA_DIR: store.dir });
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toBe('log: 2 questions removed (older than 50 days)\n');
    expect(await questions(store)).toEqual(['asked 10 days ago', 'asked 0 days ago']);
  }, 60_000);
});
