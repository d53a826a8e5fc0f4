/**
 * Gradient-boosted regression trees for a weighted binary label (the verifier), deterministic: Newton steps on the
 * logistic loss (each leaf's value is Σ gradient / (Σ hessian + L2)), splits chosen among each feature's quantile
 * cut points by the usual second-order gain, a fixed number of rounds with shrinkage. Written here (about a hundred
 * lines) because the JavaScript boosting packages either take no per-example weights (the project's questions
 * weigh 25 SQuAD ones) or ship a WebAssembly build with an opaque saved model that the engine would have to load
 * (ml-xgboost); the engine only walks the trees it writes (src/core/answer/model/trees.ts).
 */
import type { BoostedTrees, TreeNode } from '../src/core/answer/model/trees.js';
import type { BinaryExample } from './fit.js';

export interface BoostOptions {
  rounds: number;
  depth: number;
  /** Shrinkage per tree. */
  rate: number;
  /** L2 on leaf values. */
  lambda: number;
  /** Fewest examples on each side of a split. */
  minLeaf: number;
  /** Cut points per feature at most (quantiles of its values). */
  bins: number;
}

/**
 * Chosen once by five-fold cross-validated log loss over the verifier's training examples of `npm run
 * eval:pipeline` (the held-back SQuAD articles and the held-out ones not among them): depth 3 × 200 rounds at
 * rate 0.05 gave 0.488 (logistic 0.529; 100 × 0.1: 0.494; 300 × 0.05: 0.493; depth 4 with 40 per leaf: 0.515).
 */
export const VERIFIER_BOOST: BoostOptions = { rounds: 200, depth: 3, rate: 0.05, lambda: 5, minLeaf: 20, bins: 24 };

export function fitBoosted(examples: BinaryExample[], names: string[], opts: BoostOptions): BoostedTrees {
  const F = names.length;
  const N = examples.length;
  const X = examples.map((e) => {
    const x = new Float64Array(F);
    for (let k = 0; k < e.row.idx.length; k++) x[e.row.idx[k] as number] = e.row.val[k] as number;
    return x;
  });
  // Cut points: midpoints between distinct values when there are few, else quantiles.
  const cuts: number[][] = [];
  for (let j = 0; j < F; j++) {
    const vals = [...new Set(X.map((x) => x[j] as number))].sort((a, b) => a - b);
    if (vals.length <= opts.bins) cuts.push(vals.slice(0, -1).map((v, i) => (v + (vals[i + 1] as number)) / 2));
    else {
      const c: number[] = [];
      for (let b = 1; b < opts.bins; b++) c.push(vals[Math.floor((b * vals.length) / opts.bins)] as number);
      cuts.push([...new Set(c)]);
    }
  }
  // Each example's bin per feature: how many cut points lie below its value.
  const bin = X.map((x) =>
    Uint8Array.from({ length: F }, (_, j) => {
      const c = cuts[j] as number[];
      let b = 0;
      while (b < c.length && (x[j] as number) > (c[b] as number)) b++;
      return b;
    }),
  );
  const y = examples.map((e) => e.label);
  const w = examples.map((e) => e.weight);
  const g = new Float64Array(N);
  const h = new Float64Array(N);

  /** A tree while fitting: features by index (named when written out). */
  type Node = { j: number; t: number; l: Node; r: Node } | { v: number };
  function grow(ids: number[], depth: number): Node {
    let G = 0;
    let H = 0;
    for (const i of ids) {
      G += g[i] as number;
      H += h[i] as number;
    }
    const leaf = { v: G / (H + opts.lambda) };
    if (depth >= opts.depth || ids.length < 2 * opts.minLeaf) return leaf;
    const parent = (G * G) / (H + opts.lambda);
    let best = { gain: 0, f: -1, b: -1 };
    for (let j = 0; j < F; j++) {
      const nb = (cuts[j] as number[]).length + 1;
      if (nb < 2) continue;
      const hg = new Float64Array(nb);
      const hh = new Float64Array(nb);
      const hc = new Int32Array(nb);
      for (const i of ids) {
        const b = (bin[i] as Uint8Array)[j] as number;
        hg[b] = (hg[b] as number) + (g[i] as number);
        hh[b] = (hh[b] as number) + (h[i] as number);
        hc[b] = (hc[b] as number) + 1;
      }
      let gl = 0;
      let hl = 0;
      let cl = 0;
      for (let b = 0; b < nb - 1; b++) {
        gl += hg[b] as number;
        hl += hh[b] as number;
        cl += hc[b] as number;
        if (cl < opts.minLeaf || ids.length - cl < opts.minLeaf) continue;
        const gain = (gl * gl) / (hl + opts.lambda) + ((G - gl) * (G - gl)) / (H - hl + opts.lambda) - parent;
        if (gain > best.gain) best = { gain, f: j, b };
      }
    }
    if (best.f < 0) return leaf;
    const left = ids.filter((i) => ((bin[i] as Uint8Array)[best.f] as number) <= best.b);
    const right = ids.filter((i) => ((bin[i] as Uint8Array)[best.f] as number) > best.b);
    return {
      j: best.f,
      t: (cuts[best.f] as number[])[best.b] as number,
      l: grow(left, depth + 1),
      r: grow(right, depth + 1),
    };
  }

  const W = w.reduce((a, x) => a + x, 0);
  const P = w.reduce((a, x, i) => a + x * (y[i] as number), 0);
  const base = Number(Math.log(Math.max(P, 1e-9) / Math.max(W - P, 1e-9)).toPrecision(6));
  const z = new Float64Array(N).fill(base);
  const all = examples.map((_, i) => i);
  const trees: Node[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    for (let i = 0; i < N; i++) {
      const p = 1 / (1 + Math.exp(-(z[i] as number)));
      g[i] = (w[i] as number) * ((y[i] as number) - p);
      h[i] = (w[i] as number) * p * (1 - p);
    }
    const tree = round(grow(all, 0));
    trees.push(tree);
    for (let i = 0; i < N; i++) z[i] = (z[i] as number) + opts.rate * walk(tree, X[i] as Float64Array);
  }
  const named = (n: Node): TreeNode =>
    'v' in n ? n : { f: names[n.j] as string, t: n.t, l: named(n.l), r: named(n.r) };
  return { base, rate: opts.rate, trees: trees.map(named) };

  function walk(n: Node, x: Float64Array): number {
    let node = n;
    while (!('v' in node)) node = (x[node.j] as number) <= node.t ? node.l : node.r;
    return node.v;
  }
  /**
   * Leaf values and cut points to six significant digits (the weights file stays small and its diffs readable),
   * applied before the tree updates the scores, so training sees exactly the tree the engine will walk.
   */
  function round(n: Node): Node {
    if ('v' in n) return { v: Number(n.v.toPrecision(6)) };
    return { j: n.j, t: Number(n.t.toPrecision(6)), l: round(n.l), r: round(n.r) };
  }
}
