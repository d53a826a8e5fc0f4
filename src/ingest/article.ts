/**
 * From what a source yields (title, metadata, paragraphs) to the store's ArticleInput: a stable id, the body as
 * the headline followed by the article's paragraphs, the publication date with its precision, and an honest
 * `inferred` flag and note when the source gives no date (the ingestion date is used instead).
 */
import { createHash } from 'node:crypto';
import type { ArticleInput } from '../store/articles.js';
import { isoDay, type PublishedDate } from './dates.js';
import { IngestError } from './errors.js';
import { oneLine, wordCount } from './text.js';

/** What a source yields before validation. */
export interface RawArticle {
  title?: string;
  /** Canonical URL when known. */
  url?: string;
  published?: PublishedDate;
  publication?: string;
  author?: string;
  paragraphs: string[];
  captions?: string[];
}

/** An article needs at least this much text besides its headline to be worth answering from. */
export const MIN_BODY_CHARS = 150;
export const MIN_BODY_WORDS = 25;

function slug(s: string, max = 48): string {
  const out = s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (out.length <= max) return out;
  const cut = out.slice(0, max);
  return cut.slice(0, cut.lastIndexOf('-') > max / 2 ? cut.lastIndexOf('-') : max).replace(/-+$/, '');
}

function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 10);
}

/** A URL in the form that identifies its page: no fragment, no tracking parameters, no trailing slash. */
export function canonicalUrl(raw: string): string {
  const u = new URL(raw);
  u.hash = '';
  u.hostname = u.hostname.toLowerCase();
  for (const k of [...u.searchParams.keys()]) {
    if (/^(utm_|fbclid$|gclid$|mc_cid$|mc_eid$|ocid$|cmpid$)/i.test(k)) u.searchParams.delete(k);
  }
  u.search = u.searchParams.toString() ? `?${u.searchParams.toString()}` : '';
  if (u.pathname.length > 1) u.pathname = u.pathname.replace(/\/+$/, '');
  return u.toString();
}

/**
 * The article's stable id: from its canonical URL when known (so the same page is the same article whatever its
 * title or date become), else from its title and publication date (the date only when the source states it, so
 * re-ingesting an undated file on another day still finds the same article).
 */
export function articleId(a: { url?: string | null; title: string; published?: string | null }): string {
  if (a.url) {
    const url = canonicalUrl(a.url);
    const u = new URL(url);
    const last = u.pathname.split('/').filter(Boolean).pop() ?? u.hostname;
    const readable = slug(decodeURIComponent(last).replace(/\.(s?html?|php|aspx?)$/i, '')) || slug(u.hostname);
    return `${readable || 'page'}-${shortHash(url)}`;
  }
  const title = oneLine(a.title).normalize('NFKC').toLowerCase();
  return `${slug(a.title) || 'article'}-${shortHash(`${title}|${a.published ?? ''}`)}`;
}

export interface BuildContext {
  /** Names the source in errors: a path or URL. */
  source: string;
  now: Date;
}

/** Validate a raw article and turn it into the store's input; throws IngestError naming the source. */
export function buildArticle(raw: RawArticle, ctx: BuildContext): ArticleInput {
  const title = oneLine(raw.title ?? '');
  const paragraphs = raw.paragraphs.map(oneLine).filter(Boolean);
  if (paragraphs[0] && paragraphs[0].toLowerCase() === title.toLowerCase()) paragraphs.shift();
  const text = paragraphs.join(' ');
  if (text.length < MIN_BODY_CHARS || wordCount(text) < MIN_BODY_WORDS) {
    throw new IngestError(
      ctx.source,
      `no article text found (${wordCount(text)} words besides the title; at least ${MIN_BODY_WORDS} words and ${MIN_BODY_CHARS} characters are needed)`,
    );
  }
  if (!title) throw new IngestError(ctx.source, 'no title found');
  if (title.length > 300)
    throw new IngestError(ctx.source, `the title is ${title.length} characters long; is it really a title?`);
  let url: string | null = null;
  if (raw.url) {
    try {
      url = canonicalUrl(raw.url);
    } catch {
      throw new IngestError(ctx.source, `the url "${raw.url}" is not a valid URL`);
    }
  }
  const captions = (raw.captions ?? []).map(oneLine).filter(Boolean);
  const date = raw.published;
  const today = isoDay(ctx.now);
  return {
    id: articleId({ url, title, published: date?.published }),
    origin: 'ingested',
    title,
    publication: raw.publication ? oneLine(raw.publication) : null,
    publicationConfirmed: Boolean(raw.publication),
    published: date?.published ?? today,
    precision: date?.precision ?? 'day',
    inferred: !date,
    note: date ? null : `The source gives no publication date; the ingestion date (${today}) is used instead.`,
    author: raw.author ? oneLine(raw.author) : null,
    url,
    body: [title, ...paragraphs, ...captions].join('\n\n'),
    parts: { headline: title, ...(captions.length ? { captions } : {}) },
  };
}
