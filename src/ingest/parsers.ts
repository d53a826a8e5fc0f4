/**
 * Markdown with YAML front matter (gray-matter, YAML parsed by the `yaml` package — never the JavaScript engine)
 * and plain text, to RawArticles. Kept apart from sources.ts (which fetches) so the parse worker loads only this.
 */
import matter from 'gray-matter';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import * as z from 'zod';
import type { RawArticle } from './article.js';
import { type PublishedDate, parseDate } from './dates.js';
import { IngestError } from './errors.js';
import { markdownToText, normaliseText, oneLine } from './text.js';

const text = z
  .union([z.string(), z.number()])
  .transform((v) => oneLine(String(v)))
  .optional();

const FrontMatter = z.object({
  title: text,
  url: z
    .string()
    .trim()
    .refine((s) => /^https?:\/\/[^\s/]+/i.test(s), { message: 'must be an http(s) URL' })
    .optional(),
  published: z.union([z.string(), z.number(), z.date()]).optional(),
  publication: text,
  author: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v.join(' and ') : v))
    .optional(),
});

function refuseEngine(): never {
  throw new Error('only YAML (or JSON) front matter is accepted');
}

/** Markdown with optional YAML front matter. */
export function parseMarkdownArticle(content: string, source: string, now: Date = new Date()): RawArticle {
  const input = normaliseText(content);
  if (/^---(?!-)/.test(input) && !/\n---[ \t]*(\n|$)/.test(input.slice(3))) {
    throw new IngestError(source, 'malformed front matter: the opening --- has no closing ---');
  }
  let file: { data: Record<string, unknown>; content: string };
  try {
    file = matter(input, {
      language: 'yaml',
      engines: {
        yaml: (s: string) => parseYaml(s, { prettyErrors: true }) as object,
        js: refuseEngine,
        javascript: refuseEngine,
        coffee: refuseEngine,
      },
    }) as unknown as typeof file;
  } catch (e) {
    const line = e instanceof YAMLParseError && e.linePos ? ` (line ${e.linePos[0].line} of the file)` : '';
    throw new IngestError(
      source,
      `malformed front matter${line}: ${oneLine((e as Error).message).split(' at line ')[0]}`,
    );
  }
  const data = file.data ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new IngestError(source, 'malformed front matter: expected fields like `title: …`, not a list or a value');
  }
  const fm = FrontMatter.safeParse(data);
  if (!fm.success) {
    const issue = fm.error.issues[0];
    const field = String(issue?.path[0] ?? 'front matter');
    throw new IngestError(
      source,
      `malformed front matter: \`${field}\` ${issue?.code === 'invalid_type' || issue?.code === 'invalid_union' ? 'must be text' : (issue?.message ?? 'is invalid')}`,
    );
  }
  const published =
    fm.data.published === undefined || fm.data.published === '' ? undefined : parseDate(fm.data.published, now);
  if (fm.data.published !== undefined && fm.data.published !== '' && !published) {
    throw new IngestError(
      source,
      `malformed front matter: \`published\` "${String(fm.data.published)}" is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)`,
    );
  }
  const body = markdownToText(file.content);
  const paragraphs = body.split(/\n\s*\n/);
  let title = fm.data.title;
  if (!title) {
    // No title field: the first heading, else the first line.
    const heading = /^\s{0,3}#{1,6}\s+(.+)$/m.exec(file.content)?.[1];
    title = heading ? oneLine(markdownToText(heading)) : oneLine(paragraphs[0]?.split('\n')[0] ?? '');
  }
  const paras = paragraphs.map((p, i) => (i === 0 && title ? dropLeadingTitle(p, title) : p));
  // No date in the front matter: a dateline opening the text, as in a plain-text article.
  let dated = published;
  if (!dated) {
    const first = paras.findIndex((p) => p.trim());
    const [line = '', ...rest] = (paras[first] ?? '').trim().split('\n');
    dated = datelineOf(line, now);
    if (dated) paras[first] = rest.join('\n');
  }
  return {
    title,
    url: fm.data.url,
    published: dated,
    publication: fm.data.publication || undefined,
    author: fm.data.author?.trim() || undefined,
    paragraphs: paras,
  };
}

function dropLeadingTitle(paragraph: string, title: string): string {
  const lines = paragraph.split('\n');
  return oneLine(lines[0] ?? '').toLowerCase() === title.toLowerCase() ? lines.slice(1).join('\n') : paragraph;
}

/**
 * The longest line a dateline can be ("Wednesday, 22 September 2027" is 28 characters); a longer line is a
 * sentence that happens to start with a date.
 */
const DATELINE_MAX = 40;
/** A line that is a date and nothing else, as a pasted article's dateline ("2 December 2026", "2026-12-02"). */
const DATELINE = /^[\p{L}\p{N} ,./-]+$/u;
/** The most words a dateline has: weekday, day, month, year. */
const DATELINE_WORDS = 4;

/** The date a line is, when it is a dateline and nothing else ("2 December 2026"); undefined otherwise. */
function datelineOf(line: string, now: Date): PublishedDate | undefined {
  const head = line.trim();
  return head.length <= DATELINE_MAX && DATELINE.test(head) && head.split(/\s+/).length <= DATELINE_WORDS
    ? parseDate(head, now)
    : undefined;
}

/**
 * Plain text: the first non-empty line is the title, the rest the article. A line after the title that is only a
 * date (a pasted article's dateline) is its publication date and not part of its text; with none, the date is
 * inferred.
 */
export function parsePlainText(content: string, now: Date = new Date()): RawArticle {
  const input = normaliseText(content);
  const [first = '', ...rest] = input.split('\n');
  const lines = rest
    .join('\n')
    .replace(/^\s*\n/, '')
    .split('\n');
  const published = datelineOf(lines[0] ?? '', now);
  const body = published ? lines.slice(1).join('\n') : rest.join('\n');
  return { title: oneLine(first), published, paragraphs: body.split(/\n\s*\n/) };
}
