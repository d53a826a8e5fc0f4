/** What the evidence stage weighs: candidate replies from the claims lane and the sentence lane. */
import type { Reply } from '../reply.js';

/** Below this, evidence is too weak to answer from: abstain. */
export const ANSWER_THRESHOLD = 0.42;

export interface Candidate {
  /** Built only for the winner: composing a reply (text, citations) is most of a candidate's cost. */
  reply: () => Reply;
  score: number;
  /** Sources disagree (both sides shown). */
  contested?: boolean;
}
