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

function leafOf(node: TreeNode, value: (name: string) => number): number {
  let n = node;
  while (!('v' in n)) n = value(n.f) <= n.t ? n.l : n.r;
  return n.v;
}

/** The model's log-odds for one example. */
export function scoreTrees(model: BoostedTrees, f: Features): number {
  const byName = new Map<string, number>();
  for (let i = 0; i < f.names.length; i++) byName.set(f.names[i] as string, f.values[i] as number);
  const value = (name: string) => byName.get(name) ?? 0;
  let sum = 0;
  for (const t of model.trees) sum += leafOf(t, value);
  return model.base + model.rate * sum;
}
