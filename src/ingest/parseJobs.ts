/**
 * The parsing work of ingestion as plain-data jobs (what goes to the parse worker and comes back): HTML pages,
 * Markdown and text files, feed documents and feed-item fragments. Pure functions of their input.
 */
import type { RawArticle } from './article.js';
import { type ParsedFeed, parseFeedDocument } from './feedDocument.js';
import { extractHtmlArticle } from './html.js';
import { parseMarkdownArticle, parsePlainText } from './parsers.js';
import { htmlFragmentParagraphs } from './text.js';

export type ParseJob =
  | { kind: 'html'; source: string; html: string; url?: string; now: string }
  | { kind: 'markdown'; source: string; content: string; now: string }
  | { kind: 'text'; source: string; content: string; now: string }
  | { kind: 'feed'; source: string; xml: string }
  | { kind: 'fragment'; source: string; html: string };

export type ParseResult = RawArticle | ParsedFeed | ReturnType<typeof htmlFragmentParagraphs>;

export function runParseJob(job: ParseJob): ParseResult {
  switch (job.kind) {
    case 'html':
      return extractHtmlArticle(job.html, { source: job.source, url: job.url }, new Date(job.now));
    case 'markdown':
      return parseMarkdownArticle(job.content, job.source, new Date(job.now));
    case 'text':
      return parsePlainText(job.content, new Date(job.now));
    case 'feed':
      return parseFeedDocument(job.xml, job.source);
    case 'fragment':
      return htmlFragmentParagraphs(job.html);
  }
}
