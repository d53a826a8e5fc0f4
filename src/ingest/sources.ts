/**
 * Ingestion sources, each yielding a RawArticle or an IngestError naming it:
 * - Markdown with YAML front matter (title, url, published, publication, author) — gray-matter, YAML parsed by
 *   the `yaml` package (never the JavaScript front-matter engine);
 * - plain text: the first non-empty line is the title;
 * - HTML files and web pages by URL: Readability main text and page metadata (see html.ts).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import matter from 'gray-matter';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import type { RawArticle } from './article.js';
import { parseDate } from './dates.js';
import { IngestError } from './errors.js';
import { type FetchOptions, fetchText } from './fetch.js';
import { extractHtmlArticle } from './html.js';
import { markdownToText, normaliseText, oneLine } from './text.js';

export type SourceKind = 'markdown' | 'text' | 'html' | 'url';

const EXTENSIONS: Record<string, SourceKind> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.text': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
};

export function isUrl(spec: string): boolean {
  return /^https?:\/\//i.test(spec);
}

export function kindOf(spec: string): SourceKind {
  if (isUrl(spec)) return 'url';
  return EXTENSIONS[extname(spec).toLowerCase()] ?? 'text';
}

/** Paths and URLs as given, with directories replaced by the article files they hold (sorted, recursively). */
export function expandSources(specs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (EXTENSIONS[extname(name).toLowerCase()]) out.push(p);
    }
  };
  for (const s of specs) {
    if (!isUrl(s)) {
      try {
        if (statSync(s).isDirectory()) {
          walk(s);
          continue;
        }
      } catch {
        // Missing paths are reported when the source is read.
      }
    }
    out.push(s);
  }
  return out;
}

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
  return {
    title,
    url: fm.data.url,
    published,
    publication: fm.data.publication || undefined,
    author: fm.data.author?.trim() || undefined,
    paragraphs: paragraphs.map((p, i) => (i === 0 && title ? dropLeadingTitle(p, title) : p)),
  };
}

function dropLeadingTitle(paragraph: string, title: string): string {
  const lines = paragraph.split('\n');
  return oneLine(lines[0] ?? '').toLowerCase() === title.toLowerCase() ? lines.slice(1).join('\n') : paragraph;
}

/** Plain text: the first non-empty line is the title, the rest the article. No date: it is inferred. */
export function parsePlainText(content: string): RawArticle {
  const input = normaliseText(content);
  const [first = '', ...rest] = input.split('\n');
  return { title: oneLine(first), paragraphs: rest.join('\n').split(/\n\s*\n/) };
}

export interface LoadOptions extends Pick<FetchOptions, 'policy'> {
  timeoutMs: number;
  now?: Date;
}

function readTextFile(path: string): string {
  let buf: Buffer;
  try {
    if (!statSync(path).isFile()) throw new IngestError(path, 'not a file');
    buf = readFileSync(path);
  } catch (e) {
    if (e instanceof IngestError) throw e;
    const code = (e as { code?: string }).code;
    throw new IngestError(
      path,
      code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? (e as Error).message})`,
    );
  }
  if (buf.includes(0)) throw new IngestError(path, 'not a text file (it contains binary data)');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new IngestError(path, 'not UTF-8 text');
  }
}

/** Fetch a web page and extract its article; the page's canonical URL (else the final URL) identifies it. */
export async function loadWebPage(url: string, opts: LoadOptions): Promise<RawArticle> {
  const res = await fetchText(url, {
    timeoutMs: opts.timeoutMs,
    policy: opts.policy,
    headers: { accept: 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5,*/*;q=0.1' },
  });
  const type = res.contentType.toLowerCase();
  if (type.startsWith('text/plain')) return { ...parsePlainText(res.text), url: res.url };
  if (type && !/html|xml/.test(type)) throw new IngestError(url, `not a web page (content type ${type.split(';')[0]})`);
  const raw = extractHtmlArticle(res.text, { source: url, url: res.url }, opts.now);
  return { ...raw, url: raw.url ?? res.url };
}

/** Read one source (a file path or an http(s) URL) into a RawArticle. */
export async function loadSource(spec: string, opts: LoadOptions): Promise<RawArticle> {
  const kind = kindOf(spec);
  if (kind === 'url') return loadWebPage(spec, opts);
  const content = readTextFile(spec);
  switch (kind) {
    case 'markdown':
      return parseMarkdownArticle(content, spec, opts.now);
    case 'html':
      return extractHtmlArticle(content, { source: spec }, opts.now);
    default:
      return parsePlainText(content);
  }
}
