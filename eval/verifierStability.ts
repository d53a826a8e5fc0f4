/**
 * How steady the boosted verifier is, offline over the verifier's training rows (`TRAIN_DUMP=file npm run train`
 * writes them): `npx tsx eval/verifierStability.ts FILE` (K=5 SUB=0.8 ROUNDS RATE DEPTH LAMBDA MINLEAF MODE=both|1|K). For one model
 * and for a bag of K models on SUB subsamples averaged in log-odds: (a) out-of-fold log loss and threshold over
 * the dump's folds and over another deal of its groups; (b) how many of the decisions, at the first threshold,
 * flip between full fits on the rows with 2% dropped (three different drops). docs/quality-history.md, Session 12.
 */
import { readFileSync } from 'node:fs';
import { Features, sigmoid } from '../src/core/answer/model/linear.js';
import { type BoostedTrees, scoreTrees } from '../src/core/answer/model/trees.js';
import { fitBoosted, VERIFIER_BOOST } from './boost.js';
import type { BinaryExample } from './fit.js';
import { averageTrees, thresholdFor } from './trainer.js';

const d = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
const names: string[] = d.names;
type Ex = BinaryExample & { fold: number; group: string; i: number };
interface DumpRow {
  idx: number[];
  val: number[];
  y: number;
  w: number;
  fold: number;
  group: string;
}
const all: Ex[] = (d.rows as DumpRow[]).map((r, i) => ({
  row: { idx: Int32Array.from(r.idx), val: Float64Array.from(r.val) },
  label: r.y,
  weight: r.w,
  fold: r.fold,
  group: r.group,
  i,
}));
const feats = all.map((e) => {
  const f = new Features();
  for (let k = 0; k < e.row.idx.length; k++) f.set(names[e.row.idx[k]!]!, e.row.val[k]!);
  return f;
});
let seed = 1;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const K = Number(process.env.K ?? 5);
const SUB = Number(process.env.SUB ?? 0.8);
const ROUNDS = Number(process.env.ROUNDS ?? VERIFIER_BOOST.rounds);
const RATE = Number(process.env.RATE ?? VERIFIER_BOOST.rate);
const opts = {
  ...VERIFIER_BOOST,
  rounds: ROUNDS,
  rate: RATE,
  depth: Number(process.env.DEPTH ?? VERIFIER_BOOST.depth),
  lambda: Number(process.env.LAMBDA ?? VERIFIER_BOOST.lambda),
  minLeaf: Number(process.env.MINLEAF ?? VERIFIER_BOOST.minLeaf),
};
function fitOne(rows: Ex[]): BoostedTrees {
  return fitBoosted(rows, names, opts);
}
function fitBag(rows: Ex[], k: number): BoostedTrees {
  if (k <= 1) return fitOne(rows);
  const models: BoostedTrees[] = [];
  for (let b = 0; b < k; b++) {
    // A deterministic subsample of the rows (the generator is seeded above).
    const pick = rows.filter(() => rnd() < SUB);
    models.push(fitOne(pick));
  }
  return averageTrees(models);
}
const prob = (m: BoostedTrees, i: number) => sigmoid(scoreTrees(m, feats[i]!));
function oof(rows: Ex[], k: number, foldOf: (e: Ex) => number) {
  const probs: { p: number; y: number; w: number }[] = [];
  let loss = 0,
    wsum = 0;
  for (let f = 0; f < 5; f++) {
    const m = fitBag(
      rows.filter((e) => foldOf(e) !== f),
      k,
    );
    for (const e of rows)
      if (foldOf(e) === f) {
        const p = Math.min(1 - 1e-6, Math.max(1e-6, prob(m, e.i)));
        probs.push({ p, y: e.label, w: e.weight });
        loss -= e.weight * (e.label ? Math.log(p) : Math.log(1 - p));
        wsum += e.weight;
      }
  }
  return { threshold: thresholdFor(probs, 0.7), loss: loss / wsum };
}
const t0 = Date.now();
const mode = process.env.MODE ?? 'both';
for (const k of mode === 'both' ? [1, K] : [Number(mode)]) {
  seed = 1;
  const base = oof(all, k, (e) => e.fold);
  // A different deal of groups into folds.
  const groups = [...new Set(all.map((e) => e.group))];
  const perm = new Map(groups.map((g, j) => [g, (j * 7 + 3) % 5]));
  const alt = oof(all, k, (e) => perm.get(e.group)!);
  // Full fits on perturbed data: drop 2% of examples (two different drops); decisions at base threshold.
  const fits = [0, 1, 2].map((s) => {
    seed = 100 + s;
    const keep = all.filter(() => rnd() > 0.02);
    seed = 1;
    return fitBag(keep, k);
  });
  const dec = fits.map((m) => all.map((e) => prob(m, e.i) >= base.threshold));
  let flips01 = 0,
    flips02 = 0,
    given = 0,
    projFlips = 0;
  for (let i = 0; i < all.length; i++) {
    if (dec[0]![i] !== dec[1]![i]) {
      flips01++;
      if (all[i]!.weight > 1) projFlips++;
    }
    if (dec[0]![i] !== dec[2]![i]) flips02++;
    if (dec[0]![i]) given++;
  }
  console.log(
    `K=${k}: OOF loss ${base.loss.toFixed(4)} threshold ${base.threshold.toFixed(3)} | other fold deal: loss ${alt.loss.toFixed(4)} threshold ${alt.threshold.toFixed(3)} | perturbed full fits: given ${given}, flips ${flips01} / ${flips02} (project ${projFlips}) [${((Date.now() - t0) / 1000).toFixed(0)} s]`,
  );
}
