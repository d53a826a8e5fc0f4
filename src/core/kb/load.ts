/**
 * Read the curated KB (kb/articles.yaml, kb/curated/*.yaml and the article files), validating every item with
 * zod and remembering the line it came from, so every problem can be reported as `file:line: message`.
 * Loading never throws on bad content: valid items are kept, problems are returned beside them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type * as z from 'zod';
import { KbProblem } from './errors.js';
import {
  type ArticleMeta,
  articleMetaSchema,
  type Claim,
  type CuratedQuote,
  claimSchema,
  type Entity,
  entitySchema,
  quoteSchema,
  type Scenario,
  scenarioSchema,
} from './schema.js';

export interface Located<T> {
  value: T;
  file: string;
  line: number;
  /** Line of a field inside the item, for precise messages. */
  lineOf(path: (string | number)[]): number;
}

export interface LoadedArticle {
  meta: ArticleMeta;
  text: string;
  file: string;
  line: number;
}

export interface CuratedKb {
  dir: string;
  articles: LoadedArticle[];
  entities: Located<Entity>[];
  scenarios: Located<Scenario>[];
  claims: Located<Claim>[];
  quotes: Located<CuratedQuote>[];
}

function readList<T>(
  dir: string,
  rel: string,
  schema: z.ZodType<T>,
  problems: KbProblem[],
  required: boolean,
): Located<T>[] {
  const path = join(dir, rel);
  const shown = relative(process.cwd(), path) || path;
  if (!existsSync(path)) {
    if (required) problems.push(new KbProblem(shown, 1, 'file is missing'));
    return [];
  }
  const source = readFileSync(path, 'utf8');
  const lc = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : lc.linePos(offset).line);
  if (doc.errors.length) {
    for (const e of doc.errors)
      problems.push(new KbProblem(shown, lineAt(e.pos[0]), `YAML: ${e.message.split('\n')[0]}`));
    return [];
  }
  if (doc.contents === null) return [];
  if (!isSeq(doc.contents)) {
    problems.push(
      new KbProblem(shown, lineAt(doc.contents.range?.[0]), 'expected a list of items (lines starting with "- ")'),
    );
    return [];
  }
  const out: Located<T>[] = [];
  doc.contents.items.forEach((item, index) => {
    const node = item as Node;
    const line = lineAt(node.range?.[0]);
    const lineOf = (p: (string | number)[]) => {
      if (!isMap(node) && !isSeq(node)) return line;
      const inner = (node as unknown as { getIn(path: unknown[], keep: boolean): Node | undefined }).getIn(p, true);
      let at = inner?.range?.[0];
      // For a missing key, fall back to the parent path.
      for (let k = p.length - 1; at === undefined && k > 0; k--) {
        at = (node as unknown as { getIn(path: unknown[], keep: boolean): Node | undefined }).getIn(p.slice(0, k), true)
          ?.range?.[0];
      }
      return at === undefined ? line : lineAt(at);
    };
    const result = schema.safeParse(node.toJSON());
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = issue.path.length ? `${issue.path.join('.')}: ` : '';
        problems.push(
          new KbProblem(
            shown,
            lineOf(issue.path as (string | number)[]),
            `item ${index + 1}: ${field}${issue.message}`,
          ),
        );
      }
      return;
    }
    out.push({ value: result.data, file: shown, line, lineOf });
  });
  return out;
}

/** The article files articles.yaml lists ("articles/000_….txt"), read leniently (no validation). */
export function listedArticleFiles(dir: string): Set<string> {
  const out = new Set<string>();
  try {
    const items = parseDocument(readFileSync(join(dir, 'articles.yaml'), 'utf8')).toJS() as unknown;
    if (Array.isArray(items)) {
      for (const x of items) {
        const file = (x as { file?: unknown } | null)?.file;
        if (typeof file === 'string') out.add(file.replace(/^\.\//, ''));
      }
    }
  } catch {
    // A missing or broken articles.yaml is reported by the checker; here it lists nothing.
  }
  return out;
}

export function loadCuratedKb(dir: string): { kb: CuratedKb; problems: KbProblem[] } {
  const problems: KbProblem[] = [];
  const metas = readList(dir, 'articles.yaml', articleMetaSchema, problems, true);
  const articles: LoadedArticle[] = [];
  for (const m of metas) {
    const path = join(dir, m.value.file);
    if (!existsSync(path)) {
      problems.push(new KbProblem(m.file, m.lineOf(['file']), `article file ${m.value.file} does not exist`));
      continue;
    }
    const text = readFileSync(path, 'utf8');
    if (!text.trim()) {
      problems.push(new KbProblem(m.file, m.lineOf(['file']), `article file ${m.value.file} is empty`));
      continue;
    }
    articles.push({ meta: m.value, text, file: m.file, line: m.line });
  }
  const kb: CuratedKb = {
    dir,
    articles,
    entities: readList(dir, 'curated/entities.yaml', entitySchema, problems, false),
    scenarios: readList(dir, 'curated/scenarios.yaml', scenarioSchema, problems, false),
    claims: readList(dir, 'curated/claims.yaml', claimSchema, problems, false),
    quotes: readList(dir, 'curated/quotes.yaml', quoteSchema, problems, false),
  };
  return { kb, problems };
}
