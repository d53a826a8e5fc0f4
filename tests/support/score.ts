/**
 * Scores replies by the evaluation rules of the question sets (tests/data/README.md): expected status, short
 * answer pattern and length, reply text patterns and length, at least one citation for non-unknown replies,
 * every citation verbatim in its article (quotes, dashes and whitespace folded; parts joined by an ellipsis).
 */
import { readFileSync } from 'node:fs';

export interface EvalCase {
  id: string;
  q: string;
  status: 'answered' | 'contested' | 'unknown';
  answer_any?: string[];
  text_all?: string[];
  cite_any?: string[];
  cite_sources_min?: number;
}

export interface JsonReply {
  status?: string;
  answer?: string | null;
  text?: string;
  citations?: { source: string; quote: string }[];
  confidence?: number;
}

export const norm = (s: unknown) =>
  String(s ?? '')
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201F\u2033]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

export function loadCases(file: string): EvalCase[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalCase);
}

export function isVerbatim(quote: string, corpus: string[]): boolean {
  const parts = norm(quote)
    .split(/\s*(?:\u2026|\.\.\.)\s*/)
    .map((p) => p.replace(/^["'\s]+|["'\s]+$/g, ''))
    .filter((p) => p.length > 0);
  return parts.length > 0 && parts.every((p) => corpus.some((c) => c.includes(p)));
}

/** Reasons the reply fails the case (empty when it passes). */
export function judge(c: EvalCase, r: JsonReply, corpus: string[]): string[] {
  const why: string[] = [];
  const answer = norm(r.answer);
  const text = norm(r.text);
  const cits = Array.isArray(r.citations) ? r.citations : [];
  for (const ci of cits) if (!isVerbatim(ci.quote, corpus)) why.push(`citation not verbatim: ${ci.quote.slice(0, 80)}`);
  if (text.length > 1500) why.push(`reply too long (${text.length})`);
  if (/(^|[^`])@(everyone|here)\b/.test(r.text ?? '')) why.push('mass mention in reply');
  if (c.status === 'unknown') {
    if (r.status !== 'unknown') why.push(`expected unknown, got ${r.status} "${String(r.answer).slice(0, 60)}"`);
    else if (answer && answer !== 'null') why.push('unknown but an answer was given');
    return why;
  }
  if (r.status === 'unknown') why.push('abstained');
  if (c.status === 'contested' && r.status !== 'contested') why.push(`expected contested, got ${r.status}`);
  if (c.status === 'answered' && !['answered', 'contested'].includes(String(r.status)))
    why.push(`expected answered, got ${r.status}`);
  if (c.answer_any && !c.answer_any.some((p) => new RegExp(p, 'i').test(answer)))
    why.push(`answer "${String(r.answer).slice(0, 80)}" matches none of ${c.answer_any.join(' | ')}`);
  if (c.answer_any && answer.length > 120) why.push('answer is not short');
  // A yes or no must be the case's: "Yes: … voted against" matches a pattern that accepts "against", but it says
  // yes where the case says no. The case's polarity is the one its patterns accept of a bare "yes" / "no".
  const said = /^(yes|no)\b/.exec(answer)?.[1];
  if (said && c.answer_any) {
    const accepts = (x: string) => c.answer_any?.some((p) => new RegExp(p, 'i').test(x)) ?? false;
    const yes = accepts('yes');
    if (yes !== accepts('no') && (said === 'yes') !== yes)
      why.push(`answer says ${said}; the case says ${yes ? 'yes' : 'no'}`);
  }
  for (const p of c.text_all ?? []) if (!new RegExp(p, 'i').test(`${text} ${answer}`)) why.push(`text lacks /${p}/`);
  if (cits.length === 0) why.push('no citation');
  if (c.cite_sources_min && new Set(cits.map((ci) => ci.source)).size < c.cite_sources_min)
    why.push(`citations from fewer than ${c.cite_sources_min} sources`);
  if (c.cite_any && !cits.some((ci) => c.cite_any?.some((p) => new RegExp(p, 'i').test(norm(ci.quote)))))
    why.push(`no citation matches ${c.cite_any.join(' | ')}`);
  return why;
}
