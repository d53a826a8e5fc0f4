import { describe, expect, it } from 'vitest';
import { fitBoosted, VERIFIER_BOOST } from '../../eval/boost.js';
import { type BinaryExample, FeatureIndex, fitLogistic, VERIFIER_FIT } from '../../eval/fit.js';
import { Features, MODELS, sigmoid } from '../../src/core/answer/model/linear.js';
import { type BoostedTrees, scoreTrees, type TreeNode } from '../../src/core/answer/model/trees.js';

/**
 * An interaction a linear model cannot express: the label is 1 when exactly one of two signals is present (a
 * missing word that only matters when the reader is unsure); the best linear rule gets three in four right.
 * Deterministic data, no randomness.
 */
function xorData(): { examples: BinaryExample[]; names: string[]; rows: [string, number][][] } {
  const index = new FeatureIndex();
  const examples: BinaryExample[] = [];
  const rows: [string, number][][] = [];
  for (let i = 0; i < 400; i++) {
    // "a" in three examples of four, "b" in every other block of four: the label is "exactly one of them".
    const a = i % 4 !== 0 ? 1 : 0;
    const b = Math.floor(i / 4) % 2;
    const noise = ((i * 7919) % 100) / 100;
    const f: [string, number][] = [
      ['a', a],
      ['b', b],
      ['noise', noise],
    ];
    rows.push(f);
    examples.push({ row: index.row(f), label: a !== b ? 1 : 0, weight: i % 5 === 0 ? 3 : 1 });
  }
  return { examples, names: index.names, rows };
}

const features = (f: [string, number][]) => {
  const out = new Features();
  for (const [n, v] of f) if (v) out.set(n, v);
  return out;
};

describe('boosted trees for the verifier', () => {
  it('learn an interaction the logistic regression cannot, and score through the engine walker the same', () => {
    const { examples, names, rows } = xorData();
    const model = fitBoosted(examples, names, { ...VERIFIER_BOOST, rounds: 60, minLeaf: 5 });
    const lin = fitLogistic(examples, names.length, VERIFIER_FIT);
    let treeRight = 0;
    let linRight = 0;
    examples.forEach((e, i) => {
      const p = sigmoid(scoreTrees(model, features(rows[i] as [string, number][])));
      if (p >= 0.5 === (e.label === 1)) treeRight++;
      let z = lin.bias;
      for (let k = 0; k < e.row.idx.length; k++) z += (lin.w[e.row.idx[k] as number] ?? 0) * (e.row.val[k] ?? 0);
      if (sigmoid(z) >= 0.5 === (e.label === 1)) linRight++;
    });
    expect(treeRight).toBe(examples.length);
    expect(linRight).toBeLessThan(examples.length * 0.8);
  });

  it('is deterministic and treats a feature a question lacks as 0', () => {
    const { examples, names } = xorData();
    const opts = { ...VERIFIER_BOOST, rounds: 20, minLeaf: 5 };
    expect(JSON.stringify(fitBoosted(examples, names, opts))).toBe(JSON.stringify(fitBoosted(examples, names, opts)));
    const model = fitBoosted(examples, names, { ...opts, rounds: 60 });
    // Only "b" present: exactly one signal, so the answer is likely right; neither present: unlikely.
    expect(sigmoid(scoreTrees(model, features([['b', 1]])))).toBeGreaterThan(0.8);
    expect(sigmoid(scoreTrees(model, new Features()))).toBeLessThan(0.2);
  });

  it('starts from the weighted base rate', () => {
    const index = new FeatureIndex();
    const examples: BinaryExample[] = [
      { row: index.row([['x', 1]]), label: 1, weight: 3 },
      { row: index.row([['x', 1]]), label: 0, weight: 1 },
    ];
    const model = fitBoosted(examples, index.names, { ...VERIFIER_BOOST, rounds: 0 });
    expect(sigmoid(model.base)).toBeCloseTo(0.75, 4);
  });

  it('scores as a plain walk of the trees does (the engine walks them flattened into arrays)', () => {
    // The reference: each split's feature looked up by name, a feature the example lacks read as 0.
    const walk = (model: BoostedTrees, f: [string, number][]) => {
      const value = new Map(f);
      let sum = 0;
      for (const tree of model.trees) {
        let n: TreeNode = tree;
        while (!('v' in n)) n = (value.get(n.f) ?? 0) <= n.t ? n.l : n.r;
        sum += n.v;
      }
      return model.base + model.rate * sum;
    };
    const { examples, names, rows } = xorData();
    const model = fitBoosted(examples, names, { ...VERIFIER_BOOST, rounds: 40, minLeaf: 5 });
    for (const f of rows) expect(scoreTrees(model, features(f))).toBeCloseTo(walk(model, f), 12);
    // The shipped verifier, over feature sets made of its own split names and thresholds (below, at and above each).
    const shipped = MODELS.verifier.trees;
    expect(shipped).toBeDefined();
    if (!shipped) return;
    const splits: { f: string; t: number }[] = [];
    const collect = (n: TreeNode): void => {
      if ('v' in n) return;
      splits.push({ f: n.f, t: n.t });
      collect(n.l);
      collect(n.r);
    };
    for (const t of shipped.trees) collect(t);
    for (let i = 0; i < 200; i++) {
      const f: [string, number][] = [];
      for (let k = i % 7; k < splits.length; k += 7 + (i % 5)) {
        const s = splits[k] as { f: string; t: number };
        // Below, at (a value equal to the threshold goes left) and above the split.
        f.push([s.f, s.t + (((i + k) % 3) - 1) * 0.01]);
      }
      expect(scoreTrees(shipped, features(f))).toBeCloseTo(walk(shipped, f), 12);
    }
    // A model whose trees are replaced is flattened again, not scored by the arrays of its old trees.
    const other = fitBoosted(examples, names, { ...VERIFIER_BOOST, rounds: 10, minLeaf: 5 });
    const before = scoreTrees(model, features([['a', 1]]));
    const swapped: BoostedTrees = model;
    swapped.trees = other.trees;
    expect(scoreTrees(swapped, features([['a', 1]]))).toBeCloseTo(walk(swapped, [['a', 1]]), 12);
    expect(scoreTrees(swapped, features([['a', 1]]))).not.toBeCloseTo(before, 6);
  });
});
