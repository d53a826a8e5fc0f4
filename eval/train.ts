/**
 * `npm run train`: fit the reader and the verifier and write src/core/answer/model/weights.json.
 *
 * Data: the SQuAD 2.0 questions of the ten TRAINING articles (tests/data/squad; the three held-out articles of
 * split.json are never read here), answered over a knowledge base of all thirteen articles plus the seed, and the
 * project's development sets (seed-dev, seed-heldout, seed-heldout2 and paraphrase-dev over the seed; tests/data/other
 * and news-dev over their articles). The blind sets other2, other3, paraphrase, news4 and seed-heldout3 are never
 * used. Deterministic: the same data and code
 * give the same weights.
 *
 * 1. Reader: for each answerable question whose candidates include a span matching a gold answer, a softmax over
 *    its candidates is fitted to put the mass on the matching spans (F1 >= RIGHT_F1 against a gold span).
 * 2. Verifier: with the new reader, each question's best span is labelled right (F1 >= RIGHT_F1, or matching the
 *    case's answer patterns) or wrong (including every answer to an unanswerable question), and a logistic
 *    regression is fitted; its threshold is the lowest probability at which the answers given on the training
 *    data are right at least PRECISION_TARGET of the time.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Inspection } from '../src/core/answer/engine.js';
import { MODELS, type Models } from '../src/core/answer/model/linear.js';
import {
  type BinaryExample,
  FeatureIndex,
  fitLogistic,
  fitRanker,
  named,
  type RankExample,
  READER_FIT,
  VERIFIER_FIT,
} from './fit.js';
import {
  answerMatches,
  bestF1,
  DATA,
  HELD_OUT,
  type ProjectCase,
  ROOT,
  readJsonl,
  squadQuestions,
  trainingData,
} from './lib.js';

/** A span is right (a reader positive, a verifier "right") at this F1 against a gold span: half the credit or more. */
const RIGHT_F1 = 0.5;
/** Answers given must be right this often on the training data (chooses the verifier's threshold). */
export const PRECISION_TARGET = 0.7;
/** Bumped when the feature set changes (the engine refuses nothing; it is a label for the weights file). */
const MODEL_VERSION = 1;
/**
 * The project's own questions are few (about 190 against 3,974) but in the domain Whip serves (news about
 * politics): each counts as this many SQuAD ones, so the models fit news as well as Wikipedia.
 */
const PROJECT_WEIGHT = 25;
/** For the reader (which span, not whether to answer) Wikipedia and news differ less: a lighter domain weight. */
const READER_PROJECT_WEIGHT = 3;

interface Item {
  inspect: () => Inspection | undefined;
  /** Is this span right? */
  right: (answer: string) => boolean;
  answerable: boolean;
  weight: number;
}

async function main() {
  const t0 = Date.now();
  const { squad, project, close } = await trainingData();
  const items: Item[] = [];
  const asInspection = (r: ReturnType<typeof squad.engine.inspect>) => ('p' in r ? r : undefined);
  for (const q of squadQuestions()) {
    if (HELD_OUT.includes(q.article)) continue;
    items.push({
      inspect: () => asInspection(squad.engine.inspect(q.q)),
      right: (a) => q.answers.length > 0 && bestF1(q.answers, a) >= RIGHT_F1,
      answerable: q.answers.length > 0,
      weight: 1,
    });
  }
  for (const { kb, file } of project) {
    for (const c of readJsonl<ProjectCase>(join(DATA, file))) {
      items.push({
        inspect: () => asInspection(kb.engine.inspect(c.q)),
        right: (a) => c.status !== 'unknown' && answerMatches(c, a),
        answerable: c.status !== 'unknown',
        weight: PROJECT_WEIGHT,
      });
    }
  }

  // 1. Reader.
  const index = new FeatureIndex();
  const rankExamples: RankExample[] = [];
  for (const it of items) {
    if (!it.answerable) continue;
    const r = it.inspect();
    const spans = r?.reading?.spans ?? [];
    const positive = spans.map((s) => it.right(s.text));
    if (!positive.some(Boolean)) continue;
    const weight = it.weight > 1 ? READER_PROJECT_WEIGHT : 1;
    rankExamples.push({ rows: spans.map((s) => index.row(s.features)), positive, weight });
  }
  const reader = fitRanker(rankExamples, index.names.length, READER_FIT);
  const models: Models = MODELS;
  models.reader = { bias: 0, weights: named(reader.w, index.names) };
  console.log(
    `reader: ${rankExamples.length} questions with a matching candidate, ${index.names.length} features, loss ${reader.loss.toFixed(3)}`,
  );

  // 2. Verifier (features computed with the new reader).
  const vindex = new FeatureIndex();
  const binary: BinaryExample[] = [];
  for (const it of items) {
    const r = it.inspect();
    const best = r?.reading?.best;
    if (!r?.verdict || !best) continue;
    binary.push({ row: vindex.row(r.verdict.features), label: it.right(best.text) ? 1 : 0, weight: it.weight });
  }
  const verifier = fitLogistic(binary, vindex.names.length, VERIFIER_FIT);
  const probs = binary.map((b) => {
    let z = verifier.bias;
    for (let k = 0; k < b.row.idx.length; k++) z += (verifier.w[b.row.idx[k] as number] ?? 0) * (b.row.val[k] ?? 0);
    return { p: 1 / (1 + Math.exp(-z)), y: b.label, w: b.weight };
  });
  const sorted = [...probs].sort((a, b) => b.p - a.p);
  let right = 0;
  let given = 0;
  let threshold = 1;
  for (const x of sorted) {
    right += x.y * x.w;
    given += x.w;
    if (right / given >= PRECISION_TARGET) threshold = x.p;
  }
  for (const t of [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6]) {
    const given = probs.filter((x) => x.p >= t);
    const ok = given.reduce((a, x) => a + x.y * x.w, 0);
    const all = given.reduce((a, x) => a + x.w, 0);
    console.log(`  threshold ${t}: answers ${given.length}, precision ${(ok / Math.max(1, all)).toFixed(3)}`);
  }
  models.verifier = {
    bias: Math.round(verifier.bias * 1e4) / 1e4,
    weights: named(verifier.w, vindex.names),
    threshold: Math.round(threshold * 1e4) / 1e4,
    precisionTarget: PRECISION_TARGET,
  };
  models.version = MODEL_VERSION;
  models.trainedOn =
    'SQuAD 2.0 training articles (tests/data/squad minus split.json heldout) + seed-dev, seed-heldout, seed-heldout2, other, paraphrase-dev, news-dev (npm run train)';
  console.log(
    `verifier: ${binary.length} answers (${binary.filter((b) => b.label).length} right), loss ${verifier.loss.toFixed(3)}, threshold ${threshold.toFixed(3)} for precision >= ${PRECISION_TARGET}`,
  );
  writeFileSync(join(ROOT, 'src/core/answer/model/weights.json'), `${JSON.stringify(models, null, 2)}\n`);
  await close();
  console.log(`wrote src/core/answer/model/weights.json in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

await main();
