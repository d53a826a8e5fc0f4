/**
 * Say each thing once, on every platform: a citation whose quote the reply's text already shows is listed by its
 * source only (title, publication, date), and a side, an "as of" or an attribution the text already states is
 * not repeated in a field of its own.
 */
import { alreadySays } from '../core/answer/compose.js';
import type { Citation, Reply } from '../core/reply.js';

/** Is this citation's quote already in the reply's text? */
export function quotedInText(reply: Pick<Reply, 'text'>, c: Citation): boolean {
  return alreadySays(reply.text, c.quote);
}

/** Does the text already say this (an "as of" date, an attribution phrase, a side's statement)? */
export function textSays(reply: Pick<Reply, 'text'>, value: string | undefined): boolean {
  if (!value) return true;
  return alreadySays(reply.text, value.replace(/^according to\s+/i, ''));
}
