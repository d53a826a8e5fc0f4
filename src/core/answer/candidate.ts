/** What the evidence stage weighs: candidate replies from the claims lane and the sentence lane. */
import type { Reply } from '../reply.js';

/**
 * Below this, evidence is too weak to answer from: abstain. It gates the claims lane and the answers read off a
 * sentence (yes/no, contested); an answer the reader picks is gated by the verifier's learned threshold instead.
 * Set by hand in session 2 on the seed development questions.
 */
export const ANSWER_THRESHOLD = 0.42;

export interface Candidate {
  /** Built only for the winner: composing a reply (text, citations) is most of a candidate's cost. */
  reply: () => Reply;
  score: number;
  /** Sources disagree (both sides shown). */
  contested?: boolean;
}
