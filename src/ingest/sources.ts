/**
 * Ingestion sources, each yielding a RawArticle or an IngestError naming it:
 * - Markdown with YAML front matter (title, url, published, publication, author) — gray-matter, YAML parsed by
 *   the `yaml` package (never the JavaScript front-matter engine);
 * - plain text: the first non-empty line is the title;
 * - HTML files and web pages by URL: Readability main text and page metadata (see html.ts).
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { RawArticle } from './article.js';
import { IngestError } from './errors.js';
import { type FetchOptions, fetchText } from './fetch.js';
import { parseOffThread } from './parseRunner.js';

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
  // Real paths of the directories walked: a symlink back to an ancestor is not followed again.
  const visited = new Set<string>();
  const walk = (dir: string) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      out.push(dir); // reported (symlink loop, permission…) when the source is read
      return;
    }
    if (visited.has(real)) return;
    visited.add(real);
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue;
      const p = join(dir, name);
      let isDir = false;
      try {
        isDir = statSync(p).isDirectory();
      } catch {
        // A dangling link or a symlink loop: reported by name when read, if it looks like an article file.
      }
      if (isDir) walk(p);
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

export { parseMarkdownArticle, parsePlainText } from './parsers.js';

export interface LoadOptions extends Pick<FetchOptions, 'policy'> {
  timeoutMs: number;
  /** Largest article text accepted, in bytes (WHIP_MAX_ARTICLE_BYTES). */
  maxArticleBytes?: number;
  now?: Date;
}

function readTextFile(path: string, maxFileBytes: number): string {
  let buf: Buffer;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new IngestError(path, 'not a file');
    if (st.size > maxFileBytes)
      throw new IngestError(
        path,
        `too large: the file is ${kb(st.size)} (at most ${kb(maxFileBytes)} for a ${kb(maxFileBytes / FILE_MARKUP_FACTOR)} article; see WHIP_MAX_ARTICLE_BYTES)`,
      );
    buf = readFileSync(path);
  } catch (e) {
    if (e instanceof IngestError) throw e;
    const code = (e as { code?: string }).code;
    throw new IngestError(
      path,
      code === 'ENOENT'
        ? 'no such file'
        : code === 'ELOOP'
          ? 'symlink loop'
          : `cannot read the file (${code ?? (e as Error).message})`,
    );
  }
  if (buf.includes(0)) throw new IngestError(path, 'not a text file (it contains binary data)');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new IngestError(path, 'not UTF-8 text');
  }
}

/** Default WHIP_MAX_ARTICLE_BYTES: a long news feature is 50 KB of text; 400 KB is a short book. */
export const DEFAULT_MAX_ARTICLE_BYTES = 400_000;
/** A local file may carry this many times the article limit in markup before it is refused unread. */
export const FILE_MARKUP_FACTOR = 4;

const kb = (n: number) => (n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)} MB` : `${Math.ceil(n / 1000)} KB`);

/** Refuse an article whose extracted text is larger than the limit (WHIP_MAX_ARTICLE_BYTES). */
export function checkArticleSize(raw: RawArticle, source: string, maxBytes: number): RawArticle {
  let size = Buffer.byteLength(raw.title ?? '');
  for (const p of [...raw.paragraphs, ...(raw.captions ?? [])]) size += Buffer.byteLength(p) + 2;
  if (size > maxBytes)
    throw new IngestError(
      source,
      `too large: ${kb(size)} of text (at most ${kb(maxBytes)}; see WHIP_MAX_ARTICLE_BYTES)`,
    );
  return raw;
}

/** Fetch a web page and extract its article (in the parse worker); the page's canonical URL (else the final URL) identifies it. */
export async function loadWebPage(url: string, opts: LoadOptions): Promise<RawArticle> {
  const res = await fetchText(url, {
    timeoutMs: opts.timeoutMs,
    policy: opts.policy,
    headers: { accept: 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5,*/*;q=0.1' },
  });
  const max = opts.maxArticleBytes ?? DEFAULT_MAX_ARTICLE_BYTES;
  const type = res.contentType.toLowerCase();
  if (type.startsWith('text/plain')) {
    const raw = await parseOffThread<RawArticle>({
      kind: 'text',
      source: url,
      content: res.text,
      now: (opts.now ?? new Date()).toISOString(),
    });
    return checkArticleSize({ ...raw, url: res.url }, url, max);
  }
  if (type && !/html|xml/.test(type)) throw new IngestError(url, `not a web page (content type ${type.split(';')[0]})`);
  const raw = await parseOffThread<RawArticle>({
    kind: 'html',
    source: url,
    html: res.text,
    url: res.url,
    now: (opts.now ?? new Date()).toISOString(),
  });
  return checkArticleSize({ ...raw, url: raw.url ?? res.url }, url, max);
}

/** Read one source (a file path or an http(s) URL) into a RawArticle; files are parsed in the parse worker. */
export async function loadSource(spec: string, opts: LoadOptions): Promise<RawArticle> {
  const kind = kindOf(spec);
  if (kind === 'url') return loadWebPage(spec, opts);
  const max = opts.maxArticleBytes ?? DEFAULT_MAX_ARTICLE_BYTES;
  const content = readTextFile(spec, max * FILE_MARKUP_FACTOR);
  const now = (opts.now ?? new Date()).toISOString();
  const raw = await parseOffThread<RawArticle>(
    kind === 'markdown'
      ? { kind: 'markdown', source: spec, content, now }
      : kind === 'html'
        ? { kind: 'html', source: spec, html: content, now }
        : { kind: 'text', source: spec, content, now },
  );
  return checkArticleSize(raw, spec, max);
}
