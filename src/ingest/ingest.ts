/**
 * The ingestion pipeline: read a source, validate it, analyse it (the same automatic processing the engine uses),
 * then store the article and its analysis in ONE transaction — all or nothing per source. A failing source is
 * reported with its name and reason; the other sources of the run still ingest.
 */
import { resolve } from 'node:path';
import { ANALYSER_VERSION, analyseArticle } from '../core/nlp/analyse.js';
import type { Logger } from '../log.js';
import { type ArticleInput, ArticleStore, contentHash } from '../store/articles.js';
import type { Db } from '../store/db.js';
import { articleId, buildArticle } from './article.js';
import { IngestError, reasonOf } from './errors.js';
import type { FetchOptions } from './fetch.js';
import { expandSources, isUrl, loadSource } from './sources.js';

export type StoreStatus = 'added' | 'updated' | 'unchanged';

export type IngestOutcome =
  | {
      source: string;
      ok: true;
      status: StoreStatus;
      id: string;
      title: string;
      published: string;
      inferred: boolean;
    }
  | { source: string; ok: false; error: string };

export interface IngestOptions extends Pick<FetchOptions, 'policy'> {
  db: Db;
  log?: Logger;
  /** Time limit for each web page, in milliseconds. */
  timeoutMs: number;
  /** Largest article text accepted, in bytes (WHIP_MAX_ARTICLE_BYTES). */
  maxArticleBytes?: number;
  now?: () => Date;
}

/**
 * Analyse an article, then upsert it and save its analysis in one transaction. An article whose date was
 * inferred keeps the date it was first ingested with. Throws IngestError (nothing stored) on failure.
 */
export async function storeArticle(
  db: Db,
  input: ArticleInput,
  source: string,
  now: () => Date = () => new Date(),
): Promise<StoreStatus> {
  const existing = await new ArticleStore(db, now).get(input.id);
  if (existing && existing.origin !== 'ingested') {
    throw new IngestError(source, `its id ${input.id} belongs to a bundled article`);
  }
  const origin = isUrl(source) ? source : resolve(source);
  // Without a URL an article is identified by its title and date: another file with the same title and date is
  // another article, not a new version of this one — refuse rather than silently replace it.
  if (existing && !input.url && existing.source && existing.source !== origin) {
    throw new IngestError(
      source,
      `an article with the same title and date was already ingested from ${existing.source} (id ${input.id}); give this one a different title or date, or remove that one first`,
    );
  }
  let article: ArticleInput = { ...input, source: origin };
  if (existing && input.inferred && existing.published_inferred) {
    article = {
      ...article,
      published: existing.published,
      precision: existing.published_precision as ArticleInput['precision'],
      note: existing.published_note,
    };
  }
  const hash = contentHash(article);
  if (existing?.content_hash === hash) return 'unchanged';
  let analysis: string;
  try {
    analysis = JSON.stringify(await analyseArticle(article.body, article.parts));
  } catch (e) {
    throw new IngestError(source, `automatic analysis failed: ${reasonOf(e)}`);
  }
  try {
    const result = await db.transaction().execute(async (trx) => {
      const store = new ArticleStore(trx, now);
      const undated = await earlierUndatedCopy(store, article, origin);
      if (undated) await store.remove(undated);
      const r = await store.upsert(article);
      await store.saveAnalysis(article.id, hash, ANALYSER_VERSION, analysis);
      return r;
    });
    return result.inserted ? 'added' : result.changed ? 'updated' : 'unchanged';
  } catch (e) {
    throw new IngestError(source, `could not store the article: ${reasonOf(e)}`);
  }
}

/**
 * The id of this file's earlier copy stored before its date was read (a plain-text dateline read since session
 * 22; the id of a URL-less article includes its date), so re-ingesting the file replaces that copy instead of
 * keeping both: same source, same title, an inferred date.
 */
async function earlierUndatedCopy(store: ArticleStore, a: ArticleInput, origin: string): Promise<string | undefined> {
  if (a.url || a.inferred) return undefined;
  const id = articleId({ title: a.title });
  if (id === a.id) return undefined;
  const row = await store.get(id);
  return row && row.origin === 'ingested' && row.source === origin && row.published_inferred ? id : undefined;
}

/** Ingest one source (path or URL); never throws — failures come back as outcomes. */
export async function ingestOne(spec: string, opts: IngestOptions): Promise<IngestOutcome> {
  const now = opts.now ?? (() => new Date());
  try {
    const raw = await loadSource(spec, {
      timeoutMs: opts.timeoutMs,
      policy: opts.policy,
      maxArticleBytes: opts.maxArticleBytes,
      now: now(),
    });
    const input = buildArticle(raw, { source: spec, now: now() });
    const status = await storeArticle(opts.db, input, spec, now);
    const stored = await new ArticleStore(opts.db).get(input.id);
    opts.log?.info({ source: spec, id: input.id, status }, 'article ingested');
    return {
      source: spec,
      ok: true,
      status,
      id: input.id,
      title: input.title,
      published: stored?.published ?? input.published,
      inferred: stored ? Boolean(stored.published_inferred) : input.inferred,
    };
  } catch (e) {
    const error = reasonOf(e);
    opts.log?.warn({ source: spec, error }, 'ingestion failed');
    return { source: spec, ok: false, error };
  }
}

/**
 * Ingest every source (directories expanded), one after another. `onOutcome` hears each source as it completes
 * (with its position and the total), so a CLI can print as it goes and a kill loses no record of what was done.
 */
export async function ingestSources(
  specs: string[],
  opts: IngestOptions & { onOutcome?: (o: IngestOutcome, done: number, total: number) => void },
): Promise<IngestOutcome[]> {
  const out: IngestOutcome[] = [];
  const all = expandSources(specs);
  for (const spec of all) {
    const o = await ingestOne(spec, opts);
    out.push(o);
    opts.onOutcome?.(o, out.length, all.length);
  }
  return out;
}
