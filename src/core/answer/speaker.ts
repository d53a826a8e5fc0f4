/**
 * Whose words are these? The one decision, for `quote --speaker`, profiles and the engine, of how a quote's
 * speaker relates to a person: the person (`self`), someone speaking for them (`spokesman`: "a spokesman for
 * Mr Miliband"), someone near them who is not them (`associate`: "a shadow Cabinet minister close to
 * Mr Miliband", "Miliband's allies"), or nobody in particular (`none`). Pure.
 */
import type { Attribution } from '../reply.js';
import type { Knowledge } from './knowledge.js';

export type SpeakerRelation = 'self' | 'spokesman' | 'associate' | 'none';

type Speaker = Attribution & { entity?: string };

/** Words that make a description about someone near the person rather than the person. */
const NEAR =
  /\b(?:close to|near to|loyal to|allies?|ally of|friends?|aides?|advisers?|advisors?|colleagues?|supporters?|camp|team|circle|inner circle|associates?|sources?|insiders?|figures?|ministers?|members?|MPs?|people|officials?|[’']s)\b/i;

/** Does the description mention the entity (by any of its names)? */
function mentions(description: string, entityId: string, k: Pick<Knowledge, 'matcher'>): boolean {
  return k.matcher.find(description).some((m) => m.id === entityId);
}

export function speakerRelation(speaker: Speaker, entityId: string, k: Pick<Knowledge, 'matcher'>): SpeakerRelation {
  if (speaker.kind === 'reporter') return 'none';
  const linked = speaker.entity === entityId;
  const named = linked || mentions(speaker.description, entityId, k);
  if (!named) return 'none';
  // A spokesman speaks for the person (curated spokesman quotes link the person they speak for).
  if (speaker.kind === 'spokesman') return 'spokesman';
  // An anonymous source is never the person, however close ("a shadow Cabinet minister close to Mr Miliband").
  if (speaker.kind === 'anonymous') return 'associate';
  // A named speaker is the person unless the description is about someone near them ("Mr Miliband's aide").
  return NEAR.test(speaker.description) ? 'associate' : 'self';
}

/** The relations that let a quote be listed under a person's name, strongest first. */
export const SPEAKING_FOR: readonly SpeakerRelation[] = ['self', 'spokesman'];
