/** Turning evidence into the reply a person reads: answer line, attribution, "as of", both sides. */
import { attributionPhrase } from '../nlp/attribution.js';
import type { Attribution, Citation, Reply, ReplySide } from '../reply.js';
import { clampReply, truncate } from '../reply.js';
import { asOfLabel, citation, period, sentenceCase } from './format.js';
import type { ArticleInfo } from './knowledge.js';

export interface Evidence {
  article: ArticleInfo;
  quote: string;
  attribution?: Attribution;
}

/** "According to senior Labour figures (anonymous): “…” (“Title”, as of April 2014 (inferred))." */
export function evidenceLine(e: Evidence): string {
  const who =
    e.attribution && e.attribution.kind !== 'reporter'
      ? sentenceCase(attributionPhrase(e.attribution))
      : 'The article reports';
  return `${who}: “${e.quote.replace(/^[“"]|[”"]$/g, '')}” (“${e.article.title}”, as of ${asOfLabel(e.article)}).`;
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

export function answeredReply(
  question: string,
  answer: string,
  lead: string,
  evidence: Evidence[],
  confidence: number,
): Reply {
  const first = evidence[0];
  const text = [period(sentenceCase(lead)), ...evidence.slice(0, 2).map(evidenceLine)].join(' ');
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
}

export function contestedReply(question: string, answer: string, sides: Side[], confidence: number): Reply {
  const parts = sides.map((s, i) => {
    const e = s.evidence[0];
    const who = e?.attribution ? attributionPhrase(e.attribution) : 'as reported';
    const quote = e ? ` “${e.quote.replace(/^[“"]|[”"]$/g, '')}”` : '';
    const when = e ? ` (as of ${asOfLabel(e.article)}, “${e.article.title}”)` : '';
    // A side that is only its evidence (no separate statement) is shown as the quote alone.
    const statement = s.statement.trim() ? `${period(s.statement)}` : '';
    return `${i === 0 ? 'On one side' : 'On the other'}, ${who}:${statement ? ` ${statement}` : ''}${quote}${when}`;
  });
  const text = `Contested — sources disagree. ${parts.join(' ')}`;
  const replySides: ReplySide[] = sides.map((s) => ({
    label: s.label,
    text: s.statement.trim() ? period(s.statement) : (s.evidence[0]?.quote ?? ''),
    citations: citationsOf(s.evidence),
  }));
  const all = sides.flatMap((s) => s.evidence);
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
