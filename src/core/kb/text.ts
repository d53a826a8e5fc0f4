/**
 * Verbatim matching of quotes against article text. Quotes are compared with typographic quotes, dashes and
 * whitespace folded (the same folding the evaluator uses), then mapped back to the exact article substring, so a
 * citation always carries the article's own characters.
 */

const FOLD: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201F': '"',
  '\u2033': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u00A0': ' ',
};

export function foldChar(ch: string): string {
  return FOLD[ch] ?? ch.toLowerCase();
}

/** Folded text plus, for each folded character, its index in the original. */
export interface FoldedText {
  text: string;
  map: number[];
}

export function foldWithMap(original: string): FoldedText {
  let text = '';
  const map: number[] = [];
  let lastSpace = true;
  for (let i = 0; i < original.length; i++) {
    const ch = original[i] as string;
    if (/\s/.test(ch)) {
      if (!lastSpace) {
        text += ' ';
        map.push(i);
      }
      lastSpace = true;
      continue;
    }
    const f = foldChar(ch);
    text += f;
    for (let k = 0; k < f.length; k++) map.push(i);
    lastSpace = false;
  }
  return { text, map };
}

export function fold(s: string): string {
  return foldWithMap(s).text.trim();
}

/** Strip surrounding quote marks and spaces a quote may carry. */
function stripQuoteMarks(s: string): string {
  return s.replace(/^["'\s]+|["'\s]+$/g, '');
}

/**
 * Find `quote` in `article` (folded); returns the exact original substring, or null. Parts joined by an
 * ellipsis are each located and joined back with " … ".
 */
export function locateVerbatim(article: FoldedText & { original: string }, quote: string): string | null {
  const parts = fold(quote)
    .split(/\s*(?:\u2026|\.\.\.)\s*/)
    .map(stripQuoteMarks)
    .filter((p) => p.length > 0);
  if (!parts.length) return null;
  const found: string[] = [];
  for (const p of parts) {
    const at = article.text.indexOf(p);
    if (at < 0) return null;
    const start = article.map[at] as number;
    const end = (article.map[at + p.length - 1] as number) + 1;
    found.push(article.original.slice(start, end));
  }
  return found.join(' … ');
}

export function prepareArticle(original: string): FoldedText & { original: string } {
  return { ...foldWithMap(original), original };
}
