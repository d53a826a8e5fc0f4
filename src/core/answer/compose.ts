/** Turning evidence into the reply a person reads: answer line, attribution, "as of", both sides. */

import { BoundedMemo } from '../memo.js';
import { attributionPhrase, speakerLabel } from '../nlp/attribution.js';
import type { Attribution, Citation, Reply, ReplySide } from '../reply.js';
import { clampReply, truncate } from '../reply.js';
import { asOfLabel, citation, period, sentenceCase } from './format.js';
import type { ArticleInfo } from './knowledge.js';

export interface Evidence {
  article: ArticleInfo;
  quote: string;
  attribution?: Attribution;
}

/** A quote without the quotation marks it may carry. */
function bare(quote: string): string {
  return quote.trim().replace(/^[“"]|[”"]$/g, '');
}

/** Letters and digits only, lower case: for "does this text already say that?". */
function folded(s: string): string {
  return s
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
}

/** Does `text` already carry the quote (or its first 80 characters)? Then it is not said again. */
export function alreadySays(text: string, quote: string): boolean {
  const q = foldedQuote(quote);
  return q.length > 0 && folded(text).includes(q);
}

/**
 * Quotes folded and cut to the 80 characters alreadySays compares, kept before the memo is cleared: quotes are KB
 * sentences, the same few come back reply after reply, and folding a whole sentence (a Unicode pattern over it)
 * for each reply was a visible share of composing one.
 */
const FOLDED_QUOTES_MEMO = 20_000;
const foldedQuotes = new BoundedMemo<string, string>(FOLDED_QUOTES_MEMO);
function foldedQuote(quote: string): string {
  let q = foldedQuotes.get(quote);
  if (q === undefined) {
    q = folded(bare(quote)).slice(0, 80);
    foldedQuotes.set(quote, q);
  }
  return q;
}

function whoOf(e: Evidence): string {
  return e.attribution && e.attribution.kind !== 'reporter' ? speakerLabel(e.attribution) : 'as reported';
}

/** “…” — senior Labour figures (anonymous), in “Title”, as of April 2014 (inferred). */
export function evidenceLine(e: Evidence): string {
  return `“${bare(e.quote)}” — ${whoOf(e)}, in “${e.article.title}”, as of ${asOfLabel(e.article)}.`;
}

/** Where and when, once: "In “Title”, as of April 2014 (inferred)." */
function sourceLine(e: Evidence): string {
  return `In “${e.article.title}”, as of ${asOfLabel(e.article)}.`;
}

export function citationsOf(evidence: Evidence[]): Citation[] {
  const seen = new Set<string>();
  const out: Citation[] = [];
  for (const e of evidence) {
    const key = `${e.article.id}\u0000${e.quote}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(citation(e.article, e.quote, e.attribution));
  }
  return out;
}

/**
 * The short answer's reply: the lead sentence, then the best evidence once with who said it and when (or only
 * where and when, if the lead already quotes it). The other evidence is in the citations (the Sources section).
 */
export function answeredReply(
  question: string,
  answer: string,
  lead: string,
  evidence: Evidence[],
  confidence: number,
): Reply {
  const first = evidence[0];
  const head = period(sentenceCase(lead.trim()));
  const text = first ? `${head}\n${alreadySays(head, first.quote) ? sourceLine(first) : evidenceLine(first)}` : head;
  return clampReply({
    kind: 'answer',
    status: 'answered',
    question,
    answer: truncate(answer, 120),
    text,
    citations: citationsOf(evidence),
    confidence,
    ...(first ? { asOf: asOfLabel(first.article) } : {}),
    ...(first?.attribution && first.attribution.kind !== 'reporter'
      ? { attribution: attributionPhrase(first.attribution) }
      : {}),
    actions: ['sources', 'feedback'],
  });
}

export interface Side {
  label: string;
  statement: string;
  evidence: Evidence[];
  /**
   * The evidence is one passage of consecutive sentences (a bare "That account was disputed by the department."
   * and the next sentence saying what the department says): the side is said with all of them, not the first.
   */
  continued?: boolean;
}

/**
 * Both sides, each said once: its label, who holds it and its statement (or, without one, its evidence). The
 * quotes behind the statements are the citations (the Sources section); the date is said once when the sides
 * share their article.
 */
export function contestedReply(question: string, answer: string, sides: Side[], confidence: number): Reply {
  const all = sides.flatMap((s) => s.evidence);
  const articles = new Set(all.map((e) => e.article.id));
  const oneSource = articles.size === 1 ? all[0] : undefined;
  const parts = sides.map((s, i) => {
    const e = s.evidence[0];
    const label = s.label.trim() || (i === 0 ? 'On one side' : 'On the other');
    const statement = s.statement.trim()
      ? period(s.statement)
      : sideQuotes(s)
          .map((x) => `“${bare(x.quote)}”`)
          .join(' ');
    // "A spokesman for Ed Miliband played down …" already says who: no "— a spokesman … :" before it.
    const who = e && !namesItsSource(statement, e) ? ` — ${whoOf(e)}` : '';
    const when = e && !oneSource ? ` (“${e.article.title}”, ${asOfLabel(e.article)})` : '';
    return `${label}${who}: ${statement}${when}`;
  });
  const text = ['Contested — sources disagree.', ...parts, ...(oneSource ? [sourceLine(oneSource)] : [])].join('\n');
  const replySides: ReplySide[] = sides.map((s) => ({
    label: s.label,
    text: s.statement.trim()
      ? period(s.statement)
      : sideQuotes(s)
          .map((x) => x.quote)
          .join(' '),
    citations: citationsOf(s.evidence),
  }));
  return clampReply({
    kind: 'answer',
    status: 'contested',
    question,
    answer: truncate(answer, 120),
    text,
    citations: citationsOf(all),
    confidence,
    sides: replySides,
    ...(all[0] ? { asOf: asOfLabel(all[0].article) } : {}),
    actions: ['sources', 'feedback'],
  });
}

/** The quotes a side is said with: all of one continued passage, else its first. */
function sideQuotes(s: Side): Evidence[] {
  return s.continued ? s.evidence : s.evidence.slice(0, 1);
}

/** Does a statement open with its own source ("A spokesman for Ed Miliband played down …")? */
function namesItsSource(statement: string, e: Evidence): boolean {
  if (!e.attribution || e.attribution.kind === 'reporter') return false;
  const who = folded(e.attribution.description).split(' ').slice(0, 2).join(' ');
  return who.length > 0 && folded(statement).startsWith(who);
}

export function unknownReply(question: string, why: string, suggestions: string[] = []): Reply {
  return clampReply({
    kind: 'answer',
    status: 'unknown',
    question,
    answer: null,
    text: `I don't know — ${why} I only answer from the articles in my knowledge base and won't guess.`,
    citations: [],
    confidence: 0,
    ...(suggestions.length ? { suggestions } : {}),
    actions: ['feedback'],
  });
}
