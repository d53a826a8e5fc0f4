/**
 * Fitting the reader and the verifier from questions the engine can be asked (used by `npm run train` and by
 * `npm run eval:pipeline`). The engine reads its models from MODELS, so fitting sets MODELS.reader and
 * MODELS.verifier in place as it goes and leaves the fitted ones there.
 *
 * Cross-fitting (FOLDS > 1): the verifier learns from the reader's confidence (r.prob, r.logit, r.margin) and from
 * which span it picked. A reader fitted on the very questions the verifier then trains on is more confident and
 * more often right there than on text it has never seen, so a verifier trained on those in-sample readings learns
 * to trust the reader too much, and its threshold (chosen for a precision) is too low for new text. Each
 * question's verifier example is therefore read by a reader fitted without its fold (a fold is a set of whole
 * SQuAD articles, so a question's own article is unseen), and the threshold is chosen on out-of-fold verifier
 * probabilities. The engine then ships the reader and the verifier fitted on everything.
 */
import { writeFileSync } from 'node:fs';
import type { Inspection } from '../src/core/answer/engine.js';
import { Features, type LinearModel, MODELS, sigmoid } from '../src/core/answer/model/linear.js';
import { type BoostedTrees, scoreTrees } from '../src/core/answer/model/trees.js';
import { fitBoosted, VERIFIER_BOOST } from './boost.js';
import {
  type BinaryExample,
  FeatureIndex,
  fitLogistic,
  fitRanker,
  named,
  type RankExample,
  READER_FIT,
  type SparseRow,
  VERIFIER_FIT,
} from './fit.js';

export interface TrainItem {
  inspect: () => Inspection | undefined;
  /** Is this span right? */
  right: (answer: string) => boolean;
  answerable: boolean;
  /** Weight in the verifier (the project's news questions weigh more than SQuAD's). */
  weight: number;
  /** Weight in the reader. */
  readerWeight: number;
  /** Trains the reader only: no verifier example (TRAIN_EXTRA_VERIFIER=0 experiments, eval/train.ts). */
  readerOnly?: boolean;
  /** Items of one group (a SQuAD article) always share a fold. */
  group: string;
}

export interface TrainOptions {
  /** Folds for cross-fitting; 1 fits the verifier on in-sample readings (the pre-session-5 way). */
  folds: number;
  /**
   * How the groups are dealt into the folds (foldsOf): [0], the default, deals them in turn; [d] another way, to
   * measure how much the shipped models move with nothing but the deal (TRAIN_FOLD_DEAL). Several deals
   * (TRAIN_FOLD_DEALS=0,1,2): the verifier is the average (in log-odds) of the boosted models fitted on each deal's
   * out-of-fold readings, and its threshold is chosen on the deals' averaged out-of-fold probabilities, so a
   * retrain depends less on how the folds fell (see docs/quality-history.md, Session 12).
   */
  deals?: number[];
  /** Answers given must be right this often (chooses the verifier's threshold). */
  precisionTarget: number;
  /** The verifier's model: boosted trees (default) or the logistic regression alone. */
  verifierModel?: 'boosted' | 'linear';
  /** Which items' answers the precision target is met on (default all). */
  thresholdOn?: (item: TrainItem) => boolean;
  log?: (line: string) => void;
}

export interface Trained {
  reader: LinearModel;
  verifier: LinearModel & { threshold: number; precisionTarget: number };
}

interface Prepared {
  item: TrainItem;
  fold: number;
  /** The candidate spans' features and whether each is right (the candidates do not depend on the weights). */
  spans?: { f: [string, number][]; right: boolean }[];
}

export function foldsOf(items: TrainItem[], folds: number, deal = 0): number[] {
  // Groups in order of first appearance, dealt round-robin: deterministic and balanced by group count.
  const order = new Map<string, number>();
  for (const it of items) if (!order.has(it.group)) order.set(it.group, order.size);
  // Another deal (TrainOptions.deals): the groups reordered by a hash of their rank mixed with the deal, then
  // dealt round-robin the same way (still balanced).
  if (deal) {
    // murmur3's finaliser over the rank mixed with the deal: a different order for every deal.
    const hash = (g: number) => {
      let h = Math.imul((g + 1) ^ Math.imul(deal, 0x9e3779b9), 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      return (h ^ (h >>> 16)) >>> 0;
    };
    const ranked = [...order.keys()].sort((a, b) => hash(order.get(a) as number) - hash(order.get(b) as number));
    ranked.forEach((group, i) => {
      order.set(group, i);
    });
  }
  return items.map((it) => (order.get(it.group) as number) % folds);
}

function fitReader(prepared: Prepared[], keep: (p: Prepared) => boolean): LinearModel {
  const index = new FeatureIndex();
  const examples: RankExample[] = [];
  for (const p of prepared) {
    if (!keep(p) || !p.spans?.some((s) => s.right)) continue;
    examples.push({
      rows: p.spans.map((s) => index.row(s.f)),
      positive: p.spans.map((s) => s.right),
      weight: p.item.readerWeight,
    });
  }
  const fit = fitRanker(examples, index.names.length, READER_FIT);
  return { bias: 0, weights: named(fit.w, index.names) };
}

function rowFeatures(row: SparseRow, names: string[]): Features {
  const f = new Features();
  for (let k = 0; k < row.idx.length; k++) f.set(names[row.idx[k] as number] as string, row.val[k] as number);
  return f;
}

function probability(w: Float64Array, bias: number, row: SparseRow): number {
  let z = bias;
  for (let k = 0; k < row.idx.length; k++) z += (w[row.idx[k] as number] ?? 0) * (row.val[k] ?? 0);
  return 1 / (1 + Math.exp(-z));
}

/**
 * How many of the most confident answers the precision is read over before a dip below the target ends the walk:
 * fewer, and the first few answers (one of them weighing 25 SQuAD ones) decide alone.
 */
export const THRESHOLD_MIN_ANSWERS = 50;

/**
 * The probability at which the answers at or above it stop being right at least `target` of the time, walking down
 * from the most confident: the last one before the precision first falls below the target (after
 * THRESHOLD_MIN_ANSWERS answers). The curve is flat near the target, so the lowest probability where it is met
 * again (the reading before session 20) moved 0.03 — and ~60 SQuAD answers — with a handful of reader changes; over
 * four retrains (docs/quality-history.md, Session 20) the first crossing moved least between two versions of the code.
 */
export function thresholdFor(probs: { p: number; y: number; w: number }[], target: number): number {
  const sorted = [...probs].sort((a, b) => b.p - a.p);
  let right = 0;
  let given = 0;
  let threshold = 1;
  for (const [n, x] of sorted.entries()) {
    right += x.y * x.w;
    given += x.w;
    if (right / given >= target) threshold = x.p;
    else if (n + 1 >= THRESHOLD_MIN_ANSWERS) break;
  }
  return threshold;
}

type VerifierExample = BinaryExample & { fold: number; item: TrainItem };

/** Each prepared item's verifier example, read by a reader fitted without the item's fold (folds = 1: `full`). */
function verifierExamples(
  prepared: Prepared[],
  folds: number,
  full: LinearModel,
  vindex: FeatureIndex,
): VerifierExample[] {
  const binary: VerifierExample[] = [];
  for (let f = 0; f < folds; f++) {
    MODELS.reader = folds > 1 ? fitReader(prepared, (p) => p.fold !== f) : full;
    for (const p of prepared) {
      if (p.fold !== f || p.item.readerOnly) continue;
      const r = p.item.inspect();
      const best = r?.reading?.best;
      if (!r?.verdict || !best) continue;
      binary.push({
        row: vindex.row(r.verdict.features),
        label: p.item.right(best.text) ? 1 : 0,
        weight: p.item.weight,
        fold: f,
        item: p.item,
      });
    }
  }
  MODELS.reader = full;
  return binary;
}

export function train(items: TrainItem[], opts: TrainOptions): Trained {
  const log = opts.log ?? (() => {});
  const deals = opts.deals?.length ? opts.deals : [0];
  const folds = foldsOf(items, opts.folds, deals[0]);
  const prepared: Prepared[] = items.map((item, i) => {
    const fold = folds[i] as number;
    if (!item.answerable) return { item, fold };
    const spans = item.inspect()?.reading?.spans ?? [];
    return { item, fold, spans: spans.map((s) => ({ f: [...s.features], right: item.right(s.text) })) };
  });

  // The verifier's examples, each read by a reader that has not seen its fold (or by the full one: folds = 1).
  const full = fitReader(prepared, () => true);
  const vindex = new FeatureIndex();
  const binary = verifierExamples(prepared, opts.folds, full, vindex);
  // More deals: the same items dealt into other folds, read by readers fitted without their new fold.
  const moreDeals = deals.slice(1).map((d) => {
    const dealt = foldsOf(items, opts.folds, d);
    return verifierExamples(
      prepared.map((p, i) => ({ ...p, fold: dealt[i] as number })),
      opts.folds,
      full,
      vindex,
    );
  });
  log(
    `reader: ${Object.keys(full.weights).length} features; verifier: ${binary.length} answers (${binary.filter((b) => b.label).length} right)`,
  );

  if (process.env.TRAIN_DUMP)
    writeFileSync(
      process.env.TRAIN_DUMP,
      JSON.stringify({
        names: vindex.names,
        rows: binary.map((b) => ({
          idx: [...b.row.idx],
          val: [...b.row.val],
          y: b.label,
          w: b.weight,
          fold: b.fold,
          group: b.item.group,
        })),
      }),
    );
  // The shipped models, fitted on every example: the logistic regression (the fallback) and the trees.
  const verifier = fitLogistic(binary, vindex.names.length, VERIFIER_FIT);
  const boosted = opts.verifierModel !== 'linear';
  const trees = !boosted
    ? undefined
    : moreDeals.length
      ? averageTrees([binary, ...moreDeals].map((b) => fitBoosted(b, vindex.names, VERIFIER_BOOST)))
      : fitBoosted(binary, vindex.names, VERIFIER_BOOST);
  const predictor = (fit: { w: Float64Array; bias: number } | BoostedTrees) =>
    'trees' in fit
      ? (row: SparseRow) => sigmoid(scoreTrees(fit, rowFeatures(row, vindex.names)))
      : (row: SparseRow) => probability(fit.w, fit.bias, row);
  /** A verifier of the shipped kind fitted on some examples: its probability for an example. */
  const fitVerifier = (rows: BinaryExample[]) =>
    predictor(
      trees ? fitBoosted(rows, vindex.names, VERIFIER_BOOST) : fitLogistic(rows, vindex.names.length, VERIFIER_FIT),
    );
  // The threshold from probabilities the verifier gives questions it was not fitted on (out of fold).
  const on = opts.thresholdOn ?? (() => true);
  let probs: { p: number; y: number; w: number; item?: TrainItem }[];
  if (opts.folds > 1 && moreDeals.length) {
    // Each deal's out-of-fold log-odds and label per item, averaged over the deals that read the item.
    const byItem = new Map<TrainItem, { z: number; y: number; n: number; w: number }>();
    for (const examples of [binary, ...moreDeals])
      for (let f = 0; f < opts.folds; f++) {
        const predict = fitVerifier(examples.filter((b) => b.fold !== f));
        for (const b of examples) {
          if (b.fold !== f || !on(b.item)) continue;
          const p = Math.min(1 - 1e-9, Math.max(1e-9, predict(b.row)));
          const acc = byItem.get(b.item) ?? { z: 0, y: 0, n: 0, w: b.weight };
          acc.z += Math.log(p / (1 - p));
          acc.y += b.label;
          acc.n++;
          byItem.set(b.item, acc);
        }
      }
    probs = [...byItem].map(([item, a]) => ({ p: sigmoid(a.z / a.n), y: a.y / a.n, w: a.w, item }));
  } else if (opts.folds > 1) {
    probs = [];
    for (let f = 0; f < opts.folds; f++) {
      const predict = fitVerifier(binary.filter((b) => b.fold !== f));
      for (const b of binary)
        if (b.fold === f && on(b.item)) probs.push({ p: predict(b.row), y: b.label, w: b.weight, item: b.item });
    }
  } else {
    const predict = predictor(trees ?? verifier);
    probs = binary.filter((b) => on(b.item)).map((b) => ({ p: predict(b.row), y: b.label, w: b.weight, item: b.item }));
  }
  if (process.env.TRAIN_PROBS)
    writeFileSync(
      process.env.TRAIN_PROBS,
      JSON.stringify(probs.map((x) => ({ p: x.p, y: x.y, w: x.w, group: x.item?.group }))),
    );
  const threshold = thresholdFor(probs, opts.precisionTarget);
  for (const t of [0.2, 0.3, 0.4, 0.5, 0.6]) {
    const given = probs.filter((x) => x.p >= t);
    const ok = given.reduce((a, x) => a + x.y * x.w, 0);
    const all = given.reduce((a, x) => a + x.w, 0);
    log(`  threshold ${t}: answers ${given.length}, precision ${(ok / Math.max(1, all)).toFixed(3)}`);
  }
  log(
    `verifier: loss ${verifier.loss.toFixed(3)}, threshold ${threshold.toFixed(3)} for precision >= ${opts.precisionTarget}`,
  );
  // The same curve per domain: how often the answers given at the chosen threshold are right on Wikipedia
  // (SQuAD) and on the project's news and seed questions, and the threshold each alone would choose.
  for (const [name, keep] of [
    ['SQuAD', (it?: TrainItem) => Boolean(it?.group.startsWith('squad:'))],
    ['project', (it?: TrainItem) => Boolean(it && !it.group.startsWith('squad:'))],
  ] as const) {
    const part = probs.filter((x) => keep(x.item));
    const given = part.filter((x) => x.p >= threshold);
    const right = given.reduce((a, x) => a + x.y, 0);
    log(
      `  ${name}: ${given.length} of ${part.length} answered at the threshold, ${((100 * right) / Math.max(1, given.length)).toFixed(1)}% right; alone it would choose ${thresholdFor(part, opts.precisionTarget).toFixed(3)}`,
    );
  }
  const trained: Trained = {
    reader: full,
    verifier: {
      bias: Math.round(verifier.bias * 1e4) / 1e4,
      weights: named(verifier.w, vindex.names),
      threshold: Math.round(threshold * 1e4) / 1e4,
      precisionTarget: opts.precisionTarget,
      ...(trees ? { trees } : {}),
    },
  };
  MODELS.verifier = trained.verifier;
  return trained;
}

/** Boosted models averaged in log-odds: one model whose trees are all of theirs, each counted 1/n as much. */
export function averageTrees(models: BoostedTrees[]): BoostedTrees {
  const n = models.length;
  const rate = (models[0] as BoostedTrees).rate;
  if (models.some((m) => m.rate !== rate)) throw new Error('averageTrees: the models were fitted at different rates');
  return { base: models.reduce((a, m) => a + m.base, 0) / n, rate: rate / n, trees: models.flatMap((m) => m.trees) };
}
