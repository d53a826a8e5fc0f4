/**
 * `npm run eval:pipeline`: the whole learned pipeline (reader + verifier + threshold) on questions its training did
 * not see, for deciding how to train without touching held-out data. Trains exactly as `npm run train` does
 * (eval/train.ts, eval/trainer.ts) but on seven of the ten SQuAD TRAINING articles and the older project sets, then
 * answers (a) the other three training articles (Steam_engine, Warsaw, Yuan_dynasty) and (b) paraphrase-dev +
 * news-dev, and prints SQuAD's metrics (HasAns F1, NoAns abstention, overall F1) and, for every set, the share of
 * answers given that are right. The held-out SQuAD articles and the blind sets are never read.
 * `FOLDS=1 npm run eval:pipeline` trains the verifier on in-sample readings (the way before cross-fitting).
 */
import { bestF1, HELD_OUT, squadQuestions, trainingData } from './lib.js';
import { FOLDS, PRECISION_TARGET, projectItems, squadItems } from './train.js';
import { type TrainItem, train } from './trainer.js';

/** Training-set articles held back (the last ones by name, as eval:reader). */
const SPLIT_ARTICLES = 3;

const folds = Number(process.env.FOLDS ?? FOLDS);
const data = await trainingData();
const articles = [...new Set(squadQuestions().map((q) => q.article))].filter((a) => !HELD_OUT.includes(a)).sort();
const split = articles.slice(-SPLIT_ARTICLES);
const fitItems = [
  ...squadItems(data, (a) => !split.includes(a)),
  ...projectItems(data, (f) => !f.includes('-dev/'), folds),
];
const thresholdOn =
  process.env.THRESHOLD_ON === 'project' ? (it: TrainItem) => !it.group.startsWith('squad:') : undefined;
train(fitItems, {
  folds,
  precisionTarget: Number(process.env.PRECISION ?? PRECISION_TARGET),
  log: console.log,
  verifierModel: process.env.VERIFIER === 'linear' ? 'linear' : 'boosted',
  ...(thresholdOn ? { thresholdOn } : {}),
});

function report(name: string, items: TrainItem[], f1Of?: (i: number, answer: string | undefined) => number) {
  let given = 0;
  let right = 0;
  let abstainedUnanswerable = 0;
  let unanswerable = 0;
  let hasF1 = 0;
  let answerable = 0;
  items.forEach((it, i) => {
    const r = it.inspect();
    const answer = r?.verdict?.answer && r.reading?.best ? r.reading.best.text : undefined;
    if (answer !== undefined) {
      given++;
      if (it.right(answer)) right++;
    }
    if (it.answerable) {
      answerable++;
      hasF1 += f1Of ? f1Of(i, answer) : answer !== undefined && it.right(answer) ? 1 : 0;
    } else {
      unanswerable++;
      if (answer === undefined) abstainedUnanswerable++;
    }
  });
  const pct = (x: number, d: number) => ((100 * x) / Math.max(1, d)).toFixed(1);
  const overall = (hasF1 + abstainedUnanswerable) / Math.max(1, items.length);
  console.log(
    `${name}: ${items.length} q; answered ${given} (right ${pct(right, given)}%); HasAns F1 ${pct(hasF1, answerable)}; NoAns abstained ${pct(abstainedUnanswerable, unanswerable)}%; overall ${pct(overall, 1)} (always-abstain ${pct(unanswerable, items.length)})`,
  );
}

const splitQs = squadQuestions().filter((q) => split.includes(q.article));
report(
  `SQuAD training articles held back (${split.join(', ')})`,
  squadItems(data, (a) => split.includes(a)),
  (i, answer) => (answer === undefined ? 0 : bestF1(splitQs[i]?.answers ?? [], answer)),
);
report(
  'paraphrase-dev + news-dev',
  projectItems(data, (f) => f.includes('-dev/'), folds),
);
await data.close();
