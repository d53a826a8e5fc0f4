/**
 * Linear models over named, sparse features: the reader (a softmax over a question's candidate spans) and the
 * verifier (a logistic answerability probability). The weights are learned by `npm run train`
 * (eval/train.ts) and loaded from weights.json beside this file; nothing here is set by hand.
 */
import weightsFile from './weights.json' with { type: 'json' };

export type Features = Map<string, number>;

export interface LinearModel {
  bias: number;
  weights: Record<string, number>;
}

export interface Models {
  version: number;
  /** What the weights were trained on and how (written by the training script). */
  trainedOn: string;
  reader: LinearModel;
  verifier: LinearModel & {
    /** Probability at or above which the answer is given (chosen by the training script for a stated precision). */
    threshold: number;
    /** The precision on the training data that threshold was chosen for. */
    precisionTarget: number;
  };
}

export function score(model: LinearModel, f: Features): number {
  let z = model.bias;
  for (const [name, value] of f) {
    const w = model.weights[name];
    if (w !== undefined) z += w * value;
  }
  return z;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export const MODELS: Models = weightsFile as unknown as Models;
