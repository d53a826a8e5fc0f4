/**
 * The article in an HTML page: main text by Mozilla Readability over a linkedom document; title, canonical URL,
 * publication date, publication and author from the page's metadata (Open Graph, article:*, Dublin Core,
 * schema.org itemprops, <time>, JSON-LD via Readability) — read before Readability rewrites the document.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { getDomain } from 'tldts';
import type { RawArticle } from './article.js';
import { type PublishedDate, parseDate } from './dates.js';
import { IngestError } from './errors.js';
import { oneLine, paragraphsOf } from './text.js';

type Doc = ReturnType<typeof parseHTML>['document'];

/**
 * Readability's work grows super-linearly with nesting (a page of 200 nested <div>s takes 1.6 s, 1,000 take 38 s)
 * and recursion overflows the stack near 100,000. News pages nest 20–40 elements deep; deeper is refused.
 */
export const MAX_NESTING_DEPTH = 100;
/** Readability's own element budget (maxElemsToParse): news pages have 1,000–5,000 elements. */
export const MAX_ELEMS_TO_PARSE = 30_000;

interface Node {
  children?: ArrayLike<Node>;
}

/** The deepest element nesting under `root`, by an explicit stack (no recursion), stopping past `limit`. */
export function nestingDepth(root: Node, limit: number): number {
  let deepest = 0;
  const stack: [Node, number][] = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop() as [Node, number];
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    const kids = node.children;
    if (kids) for (let i = 0; i < kids.length; i++) stack.push([kids[i] as Node, depth + 1]);
  }
  return deepest;
}
/** The little of a DOM element used here (the project compiles without the DOM lib). */
interface Elem {
  getAttribute(name: string): string | null;
}

/** name / property / itemprop (lower-cased) -> content, first occurrence wins. */
function metaMap(doc: Doc): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of Array.from(doc.querySelectorAll('meta')) as Elem[]) {
    const content = m.getAttribute('content')?.trim();
    if (!content) continue;
    for (const attr of ['property', 'name', 'itemprop']) {
      const key = m.getAttribute(attr)?.trim().toLowerCase();
      if (key && !out.has(key)) out.set(key, content);
    }
  }
  return out;
}

function first(meta: Map<string, string>, keys: string[]): string | undefined {
  for (const k of keys) {
    const v = meta.get(k);
    if (v) return v;
  }
  return undefined;
}

const DATE_KEYS = [
  'article:published_time',
  'datepublished',
  'og:published_time',
  'published_time',
  'publish-date',
  'publish_date',
  'pubdate',
  'dc.date.issued',
  'dcterms.issued',
  'dc.date',
  'dcterms.date',
  'date',
  'sailthru.date',
  'parsely-pub-date',
];

/** An absolute http(s) URL for `href` relative to `base`, or undefined (other schemes and junk are dropped). */
export function resolveUrl(href: string | null | undefined, base: string | undefined): string | undefined {
  if (!href?.trim()) return undefined;
  try {
    const u = new URL(href.trim(), base);
    return /^https?:$/.test(u.protocol) ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

function cleanAuthor(s: string | null | undefined): string | undefined {
  const a = oneLine(s ?? '').replace(/^by\s+/i, '');
  if (!a || /^https?:\/\//i.test(a) || a.length > 120) return undefined;
  return a;
}

/**
 * Whether two URLs are on the same site: the same registrable domain (tldts, with the public suffix list, so
 * a.example.co.uk and b.example.co.uk are one site but example.co.uk and other.co.uk are not); hosts without one
 * (IP addresses, localhost) must match exactly.
 */
export function sameSite(a: string, b: string): boolean {
  const ha = new URL(a).hostname.toLowerCase();
  const hb = new URL(b).hostname.toLowerCase();
  if (ha === hb) return true;
  const da = getDomain(ha, { allowPrivateDomains: true });
  return da !== null && da === getDomain(hb, { allowPrivateDomains: true });
}

export interface HtmlOptions {
  /** Where the page came from (a URL, or a file path); names the source in errors. */
  source: string;
  /** The page's own URL, to resolve relative links (web pages only). */
  url?: string;
}

/** Extract the article of an HTML document; throws IngestError when there is no article text. */
export function extractHtmlArticle(html: string, opts: HtmlOptions, now: Date = new Date()): RawArticle {
  let doc: Doc;
  try {
    doc = parseHTML(html).document;
  } catch (e) {
    throw new IngestError(opts.source, `cannot parse the HTML: ${(e as Error).message}`);
  }
  if (!doc.documentElement || !doc.body) throw new IngestError(opts.source, 'not an HTML document');
  if (nestingDepth(doc.documentElement as unknown as Node, MAX_NESTING_DEPTH) > MAX_NESTING_DEPTH)
    throw new IngestError(opts.source, `the page is nested too deeply (more than ${MAX_NESTING_DEPTH} levels)`);
  const meta = metaMap(doc);

  let canonical =
    resolveUrl(doc.querySelector('link[rel~="canonical"]')?.getAttribute('href'), opts.url) ??
    resolveUrl(meta.get('og:url'), opts.url);
  // Another site's canonical URL would let this page take over (overwrite) that site's article: same site only.
  if (canonical && opts.url && !sameSite(canonical, opts.url)) canonical = undefined;
  // A canonical link to the site's home page from an article page is a site misconfiguration, not this page's id.
  if (canonical && opts.url && new URL(canonical).pathname === '/' && new URL(opts.url).pathname !== '/')
    canonical = undefined;

  let published: PublishedDate | undefined;
  for (const k of DATE_KEYS) {
    published = parseDate(meta.get(k), now);
    if (published) break;
  }
  if (!published) {
    const time = doc.querySelector(
      'article time[datetime], time[pubdate], time[itemprop="datePublished"], time[datetime]',
    );
    published = parseDate(time?.getAttribute('datetime'), now);
  }
  const metaTitle = first(meta, ['og:title', 'twitter:title', 'title', 'headline']);
  const docTitle = oneLine(doc.querySelector('title')?.textContent ?? '');
  const metaAuthor = cleanAuthor(
    first(meta, ['author', 'article:author', 'byl', 'dc.creator', 'parsely-author', 'sailthru.author']),
  );
  const metaPublication = first(meta, ['og:site_name', 'application-name', 'publisher', 'dc.publisher']);

  let parsed: ReturnType<Readability<string>['parse']>;
  try {
    parsed = new Readability(doc as unknown as ConstructorParameters<typeof Readability>[0], {
      maxElemsToParse: MAX_ELEMS_TO_PARSE,
    }).parse();
  } catch (e) {
    const msg = (e as Error).message;
    if (/elements found/.test(msg))
      throw new IngestError(opts.source, `the page has too many elements (more than ${MAX_ELEMS_TO_PARSE})`);
    throw new IngestError(opts.source, `cannot extract the article text: ${msg}`);
  }
  if (!parsed?.content) throw new IngestError(opts.source, 'no article text found in the page');
  const { document: content } = parseHTML(`<!doctype html><html><head></head><body>${parsed.content}</body></html>`);
  const { paragraphs: all, captions } = paragraphsOf(content.body as never, content);
  // A byline kept in the text ("By James Okafor, Political Correspondent") is metadata, not article text.
  const paragraphs = all.filter((p, i) => !(i < 3 && p.length < 120 && /^[Bb]y\s+\p{Lu}/u.test(p)));

  published ??= parseDate(parsed.publishedTime, now);
  return {
    title: oneLine(metaTitle ?? parsed.title ?? docTitle) || undefined,
    url: canonical,
    published,
    publication: metaPublication ?? parsed.siteName ?? undefined,
    author: metaAuthor ?? cleanAuthor(parsed.byline),
    paragraphs,
    captions,
  };
}
