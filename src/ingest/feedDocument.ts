/**
 * A feed document (RSS 2.0, Atom, RDF, JSON Feed via feedsmith) to its items. Kept apart from the poller so the
 * parse worker (parseWorker.ts) can run it without loading the store or the analyser.
 */
import { type AnyFeed, parseFeed } from 'feedsmith';
import { IngestError, reasonOf } from './errors.js';
import { resolveUrl } from './html.js';
import { htmlToPlain } from './text.js';

export interface FeedItem {
  /** GUID (RSS guid / Atom id / JSON id), else the item's URL: the deduplication key. */
  key: string;
  title?: string;
  url?: string;
  published?: string;
  author?: string;
  /** Full text or summary (HTML). */
  contentHtml?: string;
}

export interface ParsedFeed {
  format: string;
  title?: string;
  items: FeedItem[];
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const textToHtml = (s: string) =>
  s
    .split(/\n\s*\n/)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('');

/** Parse a feed document (feedsmith); throws IngestError naming the feed when it is not a valid feed. */
export function parseFeedDocument(xml: string, feedUrl: string): ParsedFeed {
  let parsed: AnyFeed<string>;
  try {
    parsed = parseFeed<string>(xml);
  } catch (e) {
    throw new IngestError(feedUrl, `not a valid RSS or Atom feed (${reasonOf(e)})`);
  }
  const items: FeedItem[] = [];
  const push = (item: Omit<FeedItem, 'key'> & { guid?: string }) => {
    const key = item.guid?.trim() || item.url;
    if (!key) return;
    const { guid: _guid, ...rest } = item;
    items.push({ key, ...rest, title: rest.title ? htmlToPlain(rest.title) : undefined });
  };
  switch (parsed.format) {
    case 'rss':
      for (const it of parsed.feed.items ?? []) {
        push({
          guid: it.guid?.value,
          title: it.title,
          // A link that is not http(s) (javascript:, data:) cites no URL rather than one invented from the GUID;
          // the GUID is a URL only when it is an absolute http(s) one.
          url: it.link?.trim()
            ? resolveUrl(it.link, feedUrl)
            : it.guid?.isPermaLink !== false && /^https?:\/\//i.test(it.guid?.value?.trim() ?? '')
              ? resolveUrl(it.guid?.value, undefined)
              : undefined,
          published: it.pubDate ?? it.dc?.dates?.[0],
          author: it.dc?.creators?.[0] ?? it.authors?.[0]?.name ?? it.authors?.[0]?.email,
          contentHtml: it.content?.encoded ?? it.description,
        });
      }
      return { format: 'RSS', title: parsed.feed.title, items };
    case 'atom':
      for (const e of parsed.feed.entries ?? []) {
        const link = e.links?.find((l) => !l.rel || l.rel === 'alternate') ?? e.links?.[0];
        const content = e.content?.value ?? e.summary?.value;
        const type = e.content?.value ? e.content.type : e.summary?.type;
        push({
          guid: e.id,
          title: e.title?.value,
          url: resolveUrl(link?.href, feedUrl),
          published: e.published ?? e.updated,
          author: e.authors?.[0]?.name,
          contentHtml: content && (!type || type === 'text') ? textToHtml(content) : content,
        });
      }
      return { format: 'Atom', title: parsed.feed.title?.value, items };
    case 'rdf':
      for (const it of parsed.feed.items ?? []) {
        push({
          guid: it.rdf?.about,
          title: it.title,
          url: resolveUrl(it.link, feedUrl),
          published: it.dc?.dates?.[0],
          author: it.dc?.creators?.[0],
          contentHtml: it.content?.encoded ?? it.description,
        });
      }
      return { format: 'RDF', title: parsed.feed.title, items };
    case 'json':
      for (const it of parsed.feed.items ?? []) {
        push({
          guid: it.id,
          title: it.title,
          url: resolveUrl(it.url ?? it.external_url, feedUrl),
          published: it.date_published,
          author: it.authors?.[0]?.name,
          contentHtml: it.content_html ?? (it.content_text ? textToHtml(it.content_text) : it.summary),
        });
      }
      return { format: 'JSON Feed', title: parsed.feed.title, items };
  }
}
