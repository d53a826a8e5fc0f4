/**
 * `npm run train`: fit the reader and the verifier and write src/core/answer/model/weights.json.
 *
 * Data: the SQuAD 2.0 questions of the ten TRAINING articles (tests/data/squad; the three held-out articles of
 * split.json are never read here), answered over a knowledge base of all thirteen articles plus the seed, and the
 * project's development sets (seed-dev, seed-heldout, seed-heldout2 and paraphrase-dev over the seed; tests/data/other
 * and news-dev, news-dev2 over their articles). The blind sets other2, other3, paraphrase, news4 and seed-heldout3 are never
 * used. Deterministic: the same data and code
 * give the same weights.
 *
 * 1. Reader: for each answerable question whose candidates include a span matching a gold answer, a softmax over
 *    its candidates is fitted to put the mass on the matching spans (F1 >= RIGHT_F1 against a gold span).
 * 2. Verifier, cross-fitted (eval/trainer.ts): each question's best span, as picked by a reader fitted without the
 *    question's fold, is labelled right (F1 >= RIGHT_F1, or matching the case's answer patterns) or wrong
 *    (including every answer to an unanswerable question); boosted trees (eval/boost.ts) and, as the fallback, a
 *    logistic regression are fitted; the threshold is the lowest out-of-fold probability at which the answers
 *    given are right at least PRECISION_TARGET of the time.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODELS, type Models } from '../src/core/answer/model/linear.js';
import {
  answerMatches,
  bestF1,
  DATA,
  EXTRA_SETS,
  HELD_OUT,
  type ProjectCase,
  probeAgrees,
  probeYesNo,
  ROOT,
  readJsonl,
  squadQuestions,
  trainingData,
} from './lib.js';
import { type TrainItem, train } from './trainer.js';

/** A span is right (a reader positive, a verifier "right") at this F1 against a gold span: half the credit or more. */
export const RIGHT_F1 = 0.5;
/** Answers given must be right this often on the training data (chooses the verifier's threshold). */
export const PRECISION_TARGET = 0.7;
/**
 * Folds for cross-fitting the verifier (eval/trainer.ts): five, so each reader that reads a fold is fitted on 80%
 * of the data (the SQuAD articles two at a time), close to the full reader the engine ships.
 */
export const FOLDS = 5;
/**
 * Deals of the folds the verifier is cross-fitted over and averaged across (eval/trainer.ts, averageTrees). One
 * deal's verifier moved the development rows by up to 7 of 940 and SQuAD training F1 by 1.4 from deal to deal
 * (session 12: deals 0/1/2 gave 514/521/514, 53.3/52.6/54.0); the average of three halved both spreads (four
 * disjoint triples: 524-528, 52.5-53.1). Three, not more: each deal is another ~3 minutes of training. Session 13
 * made it the default, so `npm run train` reproduces the shipped file at the code that ships it.
 */
export const DEFAULT_DEALS = [0, 1, 2];
/** Bumped when the feature set changes (the engine refuses nothing; it is a label for the weights file). */
const MODEL_VERSION = 1;
/**
 * The project's own questions are few (375 against 3,974) but in the domain Whip serves (news about politics):
 * each counts as this many SQuAD ones, so the models fit news as well as Wikipedia. Swept in session 10 (retrained,
 * `npm run eval` development rows: 940 project questions / SQuAD training-article overall F1, over an eval cache
 * where 25 retrains to 512 / 52.9, docs/quality-history.md "Session 10"): 10 → 484 / 54.9 (abstains on most news), 25 → 512 / 52.9,
 * 50 → 521 / 51.4 (below always-abstain's 52.7). 25 is the knee: past it news gains little and Wikipedia loses more.
 */
export const PROJECT_WEIGHT = 25;
/**
 * For the reader (which span, not whether to answer) Wikipedia and news differ less: a lighter domain weight.
 * Swept in session 10 the same way: 1 → 511 / 52.8, 3 → 512 / 52.9, 6 → 519 / 52.8; 6 again over a fresh cache
 * (where 3 is the shipped 517 / 53.0): 523 / 52.4, news for Wikipedia again, below always-abstain. Kept at 3.
 */
export const READER_PROJECT_WEIGHT = 3;

type Data = Awaited<ReturnType<typeof trainingData>>;

/**
 * The read probe rounds' questions as training items (TRAIN_PROBES=round2,…). Yes/no questions are left out: the
 * yes/no lane answers them, never a span. A contested question's span is right when it agrees with either side of
 * the gold ("Disputed: 41 … vs 56 …"), as a project case's contested answer is right by its patterns.
 */
export function probeItems(data: Data, folds = FOLDS): TrainItem[] {
  const items: TrainItem[] = [];
  for (const { kb, round, questions } of data.probes) {
    questions.forEach((q, i) => {
      if (probeYesNo(q)) return;
      const gold = q.answer.replace(/^Disputed:\s*/i, '');
      const answerable = q.expect !== 'unknown';
      items.push(
        newsItem(kb, q.q, answerable, (a) => probeAgrees(gold, a), probesReaderOnly, `probe:${round}:${i % folds}`),
      );
    });
  }
  return items;
}
const asInspection = (r: ReturnType<Data['squad']['engine']['inspect']>) => ('p' in r ? r : undefined);

/** The SQuAD questions of the given articles as training items (each article its own fold group). */
export function squadItems(data: Data, keep: (article: string) => boolean): TrainItem[] {
  return squadQuestions()
    .filter((q) => !HELD_OUT.includes(q.article) && keep(q.article))
    .map((q) => ({
      inspect: () => asInspection(data.squad.engine.inspect(q.q)),
      right: (a: string) => q.answers.length > 0 && bestF1(q.answers, a) >= RIGHT_F1,
      answerable: q.answers.length > 0,
      weight: 1,
      readerWeight: 1,
      group: `squad:${q.article}`,
    }));
}

/**
 * One of the project's own questions (a development set's or a probe round's) as a training item: weighed as the
 * domain Whip serves (PROJECT_WEIGHT, READER_PROJECT_WEIGHT); a span is right only for an answerable question.
 */
function newsItem(
  kb: Data['project'][number]['kb'],
  q: string,
  answerable: boolean,
  agrees: (answer: string) => boolean,
  readerOnly: boolean,
  group: string,
): TrainItem {
  return {
    inspect: () => asInspection(kb.engine.inspect(q)),
    right: (a) => answerable && agrees(a),
    answerable,
    weight: PROJECT_WEIGHT,
    readerWeight: READER_PROJECT_WEIGHT,
    readerOnly,
    group,
  };
}

/** The project's development questions as training items (spread over the folds by position in their file). */
export function projectItems(data: Data, keep: (file: string) => boolean, folds = FOLDS): TrainItem[] {
  const items: TrainItem[] = [];
  for (const { kb, file, extra } of data.project) {
    if (!keep(file)) continue;
    readJsonl<ProjectCase>(join(DATA, file)).forEach((c, i) => {
      const answerable = c.status !== 'unknown';
      items.push(
        newsItem(kb, c.q, answerable, (a) => answerMatches(c, a), extraReaderOnly && extra, `${file}:${i % folds}`),
      );
    });
  }
  return items;
}

/**
 * Experiments (docs/quality-history.md, "Session 10"): TRAIN_EXTRA=news-train1,news-train2,… (or `all`) adds session 10's sets
 * (eval/lib.ts EXTRA_SETS); with TRAIN_EXTRA_VERIFIER=0 they train the reader only. TRAIN_OUT=file writes the
 * weights there instead of the engine's weights.json, so variants can be trained side by side. TRAIN_FOLD_DEAL=d
 * cross-fits over one other deal of the folds (how far a single retrain moves on its own); TRAIN_FOLD_DEALS=3,4,5
 * averages the verifier over other deals than DEFAULT_DEALS (docs/quality-history.md, Session 12; README, Training).
 */
const extraSets =
  process.env.TRAIN_EXTRA === 'all' ? EXTRA_SETS : (process.env.TRAIN_EXTRA ?? '').split(',').filter(Boolean);
const extraReaderOnly = process.env.TRAIN_EXTRA_VERIFIER === '0';
const probeRounds = (process.env.TRAIN_PROBES ?? '').split(',').filter(Boolean);
const probesReaderOnly = process.env.TRAIN_PROBES_VERIFIER === '0';

async function main() {
  const t0 = Date.now();
  const data = await trainingData(extraSets, probeRounds);
  const items = [...squadItems(data, () => true), ...projectItems(data, () => true), ...probeItems(data)];
  const several = (process.env.TRAIN_FOLD_DEALS ?? '').split(',').filter(Boolean).map(Number);
  const one = process.env.TRAIN_FOLD_DEAL;
  const deals = several.length ? several : one !== undefined ? [Number(one)] : DEFAULT_DEALS;
  const precisionTarget = Number(process.env.TRAIN_PRECISION ?? PRECISION_TARGET);
  const trained = train(items, { folds: FOLDS, deals, precisionTarget, log: console.log });
  const models: Models = MODELS;
  models.reader = trained.reader;
  models.verifier = trained.verifier;
  models.version = MODEL_VERSION;
  models.trainedOn = `SQuAD 2.0 training articles (tests/data/squad minus split.json heldout) + seed-dev, seed-heldout, seed-heldout2, other, paraphrase-dev, news-dev, news-dev2; verifier cross-fitted over ${FOLDS} folds, averaged over fold deals ${deals.join(',')} (npm run train)`;
  if (probeRounds.length)
    models.trainedOn += ` + probe rounds ${probeRounds.join(', ')}${probesReaderOnly ? ' (reader only)' : ''}`;
  if (extraSets.length) models.trainedOn += ` + ${extraSets.join(', ')}${extraReaderOnly ? ' (reader only)' : ''}`;
  const out = process.env.TRAIN_OUT ?? join(ROOT, 'src/core/answer/model/weights.json');
  writeFileSync(out, `${JSON.stringify(models, null, 2)}\n`);
  await data.close();
  console.log(`wrote ${out} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

// Run as a script (`npm run train`), not when eval:pipeline imports the item builders.
if (fileURLToPath(import.meta.url) === resolve(process.argv[1] ?? '')) await main();
