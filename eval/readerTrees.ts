/**
 * An offline estimate (session 27, docs/quality-history.md): would boosted trees over the linear reader's top-K
 * candidates pick a right span more often than the linear reader? The answerable training questions' candidates
 * and features, as `npm run train` prepares them; the train folds (eval/trainer.ts foldsOf); per fold a linear
 * ranker fitted on the other folds, then pointwise boosted trees (eval/boost.ts) over each training question's top-K
 * linear candidates with the span's features plus its linear logit, gap to the best and rank; the top-1 right rate
 * on the held fold, per domain. Writes no model.
 *
 *   EVAL_CACHE=<dir> npx tsx eval/readerTrees.ts            # K=10, depth 3, 150 rounds
 *   K=5 DEPTH=4 ROUNDS=300 EVAL_CACHE=<dir> npx tsx eval/readerTrees.ts
 */
import { Features } from '../src/core/answer/model/linear.js';
import { scoreTrees } from '../src/core/answer/model/trees.js';
import { type BoostOptions, fitBoosted } from './boost.js';
import { type BinaryExample, FeatureIndex, fitRanker, type RankExample, READER_FIT, type SparseRow } from './fit.js';
import { trainingData } from './lib.js';
import { FOLDS, projectItems, squadItems } from './train.js';
import { foldsOf, type TrainItem } from './trainer.js';

const K = Number(process.env.K ?? 10);
const BOOST: BoostOptions = {
  rounds: Number(process.env.ROUNDS ?? 150),
  depth: Number(process.env.DEPTH ?? 3),
  rate: 0.05,
  lambda: 5,
  minLeaf: 20,
  bins: 16,
};

interface Question {
  fold: number;
  squad: boolean;
  weight: number;
  rows: SparseRow[];
  features: [string, number][][];
  right: boolean[];
}

const t0 = Date.now();
const data = await trainingData([], []);
const items: TrainItem[] = [...squadItems(data, () => true), ...projectItems(data, () => true)];
const folds = foldsOf(items, FOLDS, 0);
const index = new FeatureIndex();
const questions: Question[] = [];
items.forEach((item, i) => {
  if (!item.answerable) return;
  const spans = item.inspect()?.reading?.spans ?? [];
  if (!spans.length) return;
  const features = spans.map((s) => [...s.features] as [string, number][]);
  questions.push({
    fold: folds[i] as number,
    squad: item.group.startsWith('squad:'),
    weight: item.readerWeight,
    rows: features.map((f) => index.row(f)),
    features,
    right: spans.map((s) => item.right(s.text)),
  });
});
console.log(`${questions.length} answerable questions, ${index.names.length} features (${(Date.now() - t0) / 1000} s)`);

const dot = (w: Float64Array, r: SparseRow) => {
  let z = 0;
  for (let k = 0; k < r.idx.length; k++) z += (w[r.idx[k] as number] ?? 0) * (r.val[k] as number);
  return z;
};
type Tally = { squad: [number, number]; project: [number, number] };
const tally = (): Tally => ({ squad: [0, 0], project: [0, 0] });
const stats = { linear: tally(), trees: tally(), inTopK: tally() };
const count = (t: Tally, q: Question, right: boolean) => {
  const side = q.squad ? t.squad : t.project;
  side[0] += right ? 1 : 0;
  side[1]++;
};

for (let f = 0; f < FOLDS; f++) {
  const train = questions.filter((q) => q.fold !== f && q.right.some(Boolean));
  const examples: RankExample[] = train.map((q) => ({ rows: q.rows, positive: q.right, weight: q.weight }));
  const w = fitRanker(examples, index.names.length, READER_FIT).w;
  const top = (q: Question) =>
    q.rows
      .map((r, i) => ({ i, z: dot(w, r) }))
      .sort((a, b) => b.z - a.z)
      .slice(0, K);
  const withLinear = (q: Question, c: { i: number; z: number }, rank: number, best: number): [string, number][] => [
    ...(q.features[c.i] as [string, number][]),
    ['lin.z', c.z],
    ['lin.gap', best - c.z],
    ['lin.rank', rank + 1],
  ];
  const tindex = new FeatureIndex();
  const binary: BinaryExample[] = [];
  for (const q of train) {
    const cs = top(q);
    const best = cs[0]?.z ?? 0;
    cs.forEach((c, rank) => {
      binary.push({ row: tindex.row(withLinear(q, c, rank, best)), label: q.right[c.i] ? 1 : 0, weight: q.weight });
    });
  }
  const trees = fitBoosted(binary, tindex.names, BOOST);
  for (const q of questions.filter((x) => x.fold === f)) {
    const cs = top(q);
    const best = cs[0]?.z ?? 0;
    const first = cs[0];
    if (!first) continue;
    let pick = first;
    let pickScore = Number.NEGATIVE_INFINITY;
    cs.forEach((c, rank) => {
      const feats = new Features();
      for (const [n, v] of withLinear(q, c, rank, best)) feats.set(n, v);
      const s = scoreTrees(trees, feats);
      if (s > pickScore) {
        pickScore = s;
        pick = c;
      }
    });
    count(stats.linear, q, q.right[first.i] === true);
    count(stats.trees, q, q.right[pick.i] === true);
    count(
      stats.inTopK,
      q,
      cs.some((c) => q.right[c.i]),
    );
  }
  console.log(`fold ${f}: ${binary.length} candidate examples (${(Date.now() - t0) / 1000} s)`);
}
const pct = ([a, n]: [number, number]) => `${a}/${n} (${((100 * a) / Math.max(1, n)).toFixed(1)}%)`;
for (const [name, t] of Object.entries(stats)) console.log(`${name}: SQuAD ${pct(t.squad)}, project ${pct(t.project)}`);
await data.close();
