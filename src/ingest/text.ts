/**
 * Text clean-up shared by every source: normalised Unicode and line breaks, Markdown reduced to the plain text
 * a reader sees, and the paragraphs of an HTML fragment (via linkedom) with figure captions set apart.
 */
import { parseHTML } from 'linkedom';

/**
 * A line without its trailing spaces and tabs, by a scan from the end. (The regex /[ \t]+$/gm is quadratic on a
 * long run of spaces followed by other text: it retries from every space of the run.)
 */
function trimLineEnd(line: string): string {
  let end = line.length;
  while (end > 0) {
    const c = line.charCodeAt(end - 1);
    if (c !== 0x20 && c !== 0x09) break;
    end--;
  }
  return end === line.length ? line : line.slice(0, end);
}

/** NFC, LF line ends, no-break spaces as spaces, no trailing blanks, at most one blank line in a row. */
export function normaliseText(s: string): string {
  return s
    .replace(/^\uFEFF/, '')
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00A0\u2007\u202F]/g, ' ')
    .split('\n')
    .map(trimLineEnd)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A closing ATX heading sequence (`## Title ##`) removed, without a backtracking regex over trailing blanks. */
function dropClosingHashes(line: string): string {
  const trimmed = trimLineEnd(line);
  if (!trimmed.endsWith('#')) return line;
  let at = trimmed.length;
  while (at > 0 && trimmed[at - 1] === '#') at--;
  if (at === 0 || !/\s/.test(trimmed[at - 1] ?? '')) return line;
  return trimLineEnd(trimmed.slice(0, at));
}

/** Collapse runs of whitespace inside one paragraph. */
export function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export function wordCount(s: string): number {
  return s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/**
 * Markdown to the text a reader sees: headings, emphasis, links, images, list and quote markers, rules and
 * code fences removed; paragraphs (blank-line separated) kept. News copy uses little more than that.
 */
export function markdownToText(md: string): string {
  const lines = normaliseText(md).split('\n');
  const out: string[] = [];
  for (const raw of lines) {
    let line = raw;
    if (/^\s*(```|~~~)/.test(line)) continue;
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push('');
      continue;
    }
    if (/^\s*\[[^\]]+\]:\s+\S+/.test(line)) continue; // link reference definition
    if (/^\s*(=+|-+)\s*$/.test(line) && out.length && out[out.length - 1]) continue; // setext underline
    line = line.replace(/^\s{0,3}#{1,6}\s+/, '');
    line = dropClosingHashes(line)
      .replace(/^(\s*>\s?)+/, '')
      .replace(/^\s*(?:[-*+]|\d{1,3}[.)])\s+/, '');
    out.push(inlineMarkdown(line));
  }
  return normaliseText(out.join('\n'));
}

/**
 * Inline Markdown to text. Every pattern is linear-time: a span's inside excludes its own delimiters (and the
 * opening bracket), so a match attempt stops at the next delimiter instead of rescanning the rest of the line —
 * `.+?` between emphasis markers was quadratic on a long line of unclosed markers.
 */
function inlineMarkdown(s: string): string {
  return s
    .replace(/!\[[^[\]]*\]\([^()]*\)/g, '')
    .replace(/\[([^[\]]+)\]\([^()]*\)/g, '$1')
    .replace(/\[([^[\]]+)\]\[[^[\]]*\]/g, '$1')
    .replace(/<(https?:\/\/[^<>\s]+)>/g, '$1')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\*\*(?=\S)([^*]+?)(?<=\S)\*\*/g, '$1')
    .replace(/__(?=\S)([^_]+?)(?<=\S)__/g, '$1')
    .replace(/(?<![\p{L}\p{N}*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\p{L}\p{N}*])/gu, '$1')
    .replace(/(?<![\p{L}\p{N}_])_(?=\S)([^_]+?)(?<=\S)_(?![\p{L}\p{N}_])/gu, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!>])/g, '$1');
}

const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, figcaption, dt, dd, td, th';

interface Paragraphs {
  paragraphs: string[];
  captions: string[];
}

type El = {
  tagName: string;
  textContent: string | null;
  querySelector(sel: string): El | null;
  querySelectorAll(sel: string): ArrayLike<El>;
  closest(sel: string): El | null;
  replaceWith(...nodes: unknown[]): void;
};

/** Paragraph texts of an element: its innermost block elements, in order; captions (figcaption) set apart. */
export function paragraphsOf(root: El, doc: { createTextNode(s: string): unknown }): Paragraphs {
  for (const br of Array.from(root.querySelectorAll('br'))) br.replaceWith(doc.createTextNode('\n'));
  const paragraphs: string[] = [];
  const captions: string[] = [];
  for (const el of Array.from(root.querySelectorAll(BLOCKS))) {
    if (el.querySelector(BLOCKS)) continue; // only innermost blocks, so nothing is counted twice
    const text = oneLine(el.textContent ?? '');
    if (!text) continue;
    if (el.tagName.toLowerCase() === 'figcaption' || el.closest('figcaption')) captions.push(text);
    else paragraphs.push(text);
  }
  // Text outside any block element (a bare <div>Text<br>more</div>): fall back to the element's lines.
  const all = oneLine(root.textContent ?? '');
  const covered = [...paragraphs, ...captions].join(' ').length;
  if (all.length && covered < all.length * 0.6) {
    const lines = (root.textContent ?? '').split(/\n+/).map(oneLine).filter(Boolean);
    return { paragraphs: lines.filter((l) => !captions.includes(l)), captions };
  }
  return { paragraphs, captions };
}

/** The paragraphs of an HTML fragment (a feed item's content). */
export function htmlFragmentParagraphs(html: string): Paragraphs {
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`);
  for (const el of Array.from(document.querySelectorAll('script, style, noscript, iframe')) as { remove(): void }[])
    el.remove();
  return paragraphsOf(document.body as unknown as El, document);
}

/** Plain text (escaped HTML entities and all) of a short HTML string such as a feed title. */
export function htmlToPlain(html: string): string {
  if (!/[<&]/.test(html)) return oneLine(html);
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`);
  return oneLine(document.body?.textContent ?? '');
}
