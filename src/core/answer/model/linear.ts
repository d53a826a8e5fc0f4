/**
 * Linear models over named, sparse features: the reader (a softmax over a question's candidate spans) and the
 * verifier (a logistic answerability probability). The weights are learned by `npm run train`
 * (eval/train.ts) and loaded from weights.json beside this file; nothing here is set by hand.
 */
import type { BoostedTrees } from './trees.js';
import weightsFile from './weights.json' with { type: 'json' };

/**
 * Named feature values: two parallel arrays rather than a Map (the reader builds one per candidate span, a few
 * dozen per question; a Map's hash table per span was most of the garbage an answer made). Each name is set once.
 */
export class Features {
  readonly names: string[] = [];
  readonly values: number[] = [];
  set(name: string, value: number): this {
    this.names.push(name);
    this.values.push(value);
    return this;
  }
  get(name: string): number | undefined {
    const i = this.names.indexOf(name);
    return i < 0 ? undefined : this.values[i];
  }
  *[Symbol.iterator](): IterableIterator<[string, number]> {
    for (let i = 0; i < this.names.length; i++) yield [this.names[i] as string, this.values[i] as number];
  }
}

export interface LinearModel {
  bias: number;
  weights: Record<string, number>;
}

export interface Models {
  version: number;
  /** What the weights were trained on and how (written by the training script). */
  trainedOn: string;
  reader: LinearModel;
  /**
   * The verifier: boosted trees (`trees`) since session 5; the linear weights stay as the model's fallback and for
   * comparison (`npm run eval:pipeline` prints both), and are used when a weights file has no trees.
   */
  verifier: LinearModel & {
    trees?: BoostedTrees;
    /** Probability at or above which the answer is given (chosen by the training script for a stated precision). */
    threshold: number;
    /** The precision on the training data that threshold was chosen for. */
    precisionTarget: number;
  };
}

export function score(model: LinearModel, f: Features): number {
  let z = model.bias;
  const { names, values } = f;
  for (let i = 0; i < names.length; i++) {
    const w = model.weights[names[i] as string];
    if (w !== undefined) z += w * (values[i] as number);
  }
  return z;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export const MODELS: Models = weightsFile as unknown as Models;
