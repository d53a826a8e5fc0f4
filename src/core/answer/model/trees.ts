/**
 * Boosted regression trees over named, sparse features (the verifier's model since session 5): the log-odds are
 * `base + rate * Σ tree(features)`, each tree a few yes/no splits on one feature's value. A feature a question does
 * not have counts as 0, as in the linear models. Fitted by `npm run train` (eval/boost.ts); nothing here is set by
 * hand. Why trees: the verifier's evidence interacts (a missing word matters less when the reader is sure, a year
 * mismatch only for when-questions); a linear model cannot weigh one feature by another, and in cross-validation
 * on the training data the trees' log loss was 0.488 against the logistic model's 0.529 (README, "Verifier").
 */
import type { Features } from './linear.js';

/** A split (`f`: feature name; values <= `t` go left) or a leaf (`v`: its contribution to the log-odds). */
export type TreeNode = { f: string; t: number; l: TreeNode; r: TreeNode } | { v: number };

export interface BoostedTrees {
  /** Log-odds before any tree (the training data's weighted base rate). */
  base: number;
  /** Shrinkage each tree's leaves are multiplied by. */
  rate: number;
  trees: TreeNode[];
}

/**
 * A model's trees flattened into typed arrays, once per model (models are never changed in place: training makes
 * new ones): scoring walks array slots instead of looking a feature name up in a Map at every split, which was
 * most of the verifier's time (200 trees, a few splits each, per question).
 */
interface CompiledTrees {
  /** The trees it was made from: a model given other trees is compiled again. */
  source: readonly TreeNode[];
  /** Each feature name the trees split on, and its slot in `values`. */
  slots: Map<string, number>;
  /** Per node: the slot of the feature it splits on, or LEAF. */
  feature: Int32Array;
  /** Per node: the split's threshold, or a leaf's value. */
  value: Float64Array;
  left: Int32Array;
  right: Int32Array;
  roots: Int32Array;
  /** One example's feature values by slot (0 for a feature it does not have), refilled for each example. */
  values: Float64Array;
}

/** A node that is a leaf (no feature slot). */
const LEAF = -1;

const compiledTrees = new WeakMap<BoostedTrees, CompiledTrees>();
function compiled(model: BoostedTrees): CompiledTrees {
  const known = compiledTrees.get(model);
  if (known && known.source === model.trees) return known;
  const slots = new Map<string, number>();
  const feature: number[] = [];
  const value: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const add = (node: TreeNode): number => {
    const at = feature.length;
    feature.push(LEAF);
    value.push(0);
    left.push(LEAF);
    right.push(LEAF);
    if ('v' in node) {
      value[at] = node.v;
      return at;
    }
    let slot = slots.get(node.f);
    if (slot === undefined) {
      slot = slots.size;
      slots.set(node.f, slot);
    }
    feature[at] = slot;
    value[at] = node.t;
    left[at] = add(node.l);
    right[at] = add(node.r);
    return at;
  };
  const roots = Int32Array.from(model.trees.map(add));
  const out: CompiledTrees = {
    source: model.trees,
    slots,
    feature: Int32Array.from(feature),
    value: Float64Array.from(value),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    roots,
    values: new Float64Array(slots.size),
  };
  compiledTrees.set(model, out);
  return out;
}

/** The model's log-odds for one example. */
export function scoreTrees(model: BoostedTrees, f: Features): number {
  const { slots, feature, value, left, right, roots, values } = compiled(model);
  values.fill(0);
  // A name set twice counts as its last value (as a Map of the features would).
  for (let i = 0; i < f.names.length; i++) {
    const slot = slots.get(f.names[i] as string);
    if (slot !== undefined) values[slot] = f.values[i] as number;
  }
  let sum = 0;
  for (let t = 0; t < roots.length; t++) {
    let n = roots[t] as number;
    for (let slot = feature[n] as number; slot !== LEAF; slot = feature[n] as number)
      n = (values[slot] as number) <= (value[n] as number) ? (left[n] as number) : (right[n] as number);
    sum += value[n] as number;
  }
  return model.base + model.rate * sum;
}
