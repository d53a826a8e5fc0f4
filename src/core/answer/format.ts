/** How dates, sources and attributions read in replies. */

import { attributionPhrase } from '../nlp/attribution.js';
import type { Attribution, Citation } from '../reply.js';
import type { ArticleInfo } from './knowledge.js';

/** The months as written in dates ("21 April 2014"). */
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "April 2014 (inferred)", "21 April 2014", "2014". */
export function asOfLabel(
  a: Pick<ArticleInfo, 'published' | 'precision' | 'inferred'> & Partial<Pick<ArticleInfo, 'origin' | 'addedAt'>>,
): string {
  const [y, m, d] = a.published.split('-');
  let label = y ?? a.published;
  if (m && a.precision !== 'year') label = `${MONTHS[Number(m) - 1] ?? m} ${y}`;
  if (d && a.precision === 'day') label = `${Number(d)} ${label}`;
  // An ingested source with no date of its own carries the day it was added: say so rather than pass that
  // day off as an inferred publication date.
  if (a.inferred && a.origin === 'ingested' && a.addedAt?.startsWith(a.published)) {
    return `${label} (date added; publication date unknown)`;
  }
  return a.inferred ? `${label} (inferred)` : label;
}

export function citation(article: ArticleInfo, quote: string, who?: Attribution): Citation {
  return {
    source: article.id,
    quote,
    title: article.title,
    ...(article.publication
      ? { publication: article.publicationConfirmed ? article.publication : `${article.publication}?` }
      : {}),
    ...(article.url ? { url: article.url } : {}),
    asOf: asOfLabel(article),
    ...(who && who.kind !== 'reporter' ? { attribution: attributionPhrase(who) } : {}),
  };
}

/** Capitalise the first letter. */
export function sentenceCase(s: string): string {
  return s ? s[0]?.toUpperCase() + s.slice(1) : s;
}

/** End with a full stop unless the text already ends a sentence. */
export function period(s: string): string {
  const t = s.trim();
  return /[.!?…"”’]$/.test(t) ? t : `${t}.`;
}

/** "the Liberal Democrats", "the Labour Party", but "Labour": a party or body's name as it reads after "of". */
export function withArticle(name: string): string {
  if (/^the\s/i.test(name)) return name;
  return /\b(?:Party|Democrats|Conservatives|Greens|Liberals|Government|Commons|Lords|Treasury|Cabinet)\b|s$/.test(name)
    ? `the ${name}`
    : name;
}

/** "under a Labour–Lib Dem coalition", without doubling a preposition the name already has ("under Tory majority"). */
export function scenarioPhrase(name: string): string {
  return /^(?:under|in|with|if|after|during)\b/i.test(name.trim()) ? name.trim() : `under ${name.trim()}`;
}

/** "Claims (4)" or, when fewer are listed than there are, "Claims (4 of 5)": a heading's count matches its list. */
export function countLabel(shown: number, total: number): string {
  return shown >= total ? `${total}` : `${shown} of ${total}`;
}
