/**
 * Keeping the running bot's engine in step with the store: when ArticleStore.lastChange() moves (an article was
 * ingested by this process, by `whip ingest` in another one, or by the feed poller), rebuild the engine with
 * loadKnowledge and swap services.engine — replaced, never mutated, so requests in flight keep a consistent KB.
 * Reloads are serialised; a failed reload keeps the current engine and is retried when the store changes again.
 */
import type { RunningAdapter } from '../adapters/types.js';
import type { AnswerEngine } from '../core/answer/types.js';
import type { Services } from '../core/services.js';
import { appendNewArticles, isExact, loadKnowledge } from '../kb/runtime.js';
import { startPeriodic } from '../periodic.js';
import { ArticleStore } from '../store/articles.js';

export interface ReloaderOptions {
  /** Build an engine (default: loadKnowledge over the store and services.kbDir). */
  load?: (services: Services) => Promise<AnswerEngine>;
  /**
   * The fast path tried first: the current engine with the articles added since appended, or undefined when only
   * a rebuild will do (default: appendNewArticles, when `load` is the default too). A full rebuild follows it.
   */
  append?: (services: Services) => Promise<AnswerEngine | undefined>;
}

export class KnowledgeReloader {
  private seen: string | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly load: (services: Services) => Promise<AnswerEngine>;
  private readonly append: ((services: Services) => Promise<AnswerEngine | undefined>) | undefined;

  constructor(
    private readonly services: Services,
    opts: ReloaderOptions = {},
  ) {
    this.load =
      opts.load ??
      ((s) =>
        loadKnowledge({
          db: s.db,
          log: s.log,
          kbDir: s.kbDir,
          report: (p) => s.log.debug({ problem: p.toString() }, 'kb problem'),
        }));
    this.append =
      opts.append ?? (opts.load ? undefined : (s) => appendNewArticles(s.engine, { db: s.db, kbDir: s.kbDir }));
  }

  /** Remember the store's current state as the one the current engine was built from. */
  async init(): Promise<void> {
    this.seen = await new ArticleStore(this.services.db).lastChange();
  }

  /** Rebuild the engine if the store changed since the last build; true when the engine was replaced. */
  check(): Promise<boolean> {
    const next = this.chain.then(() => this.reloadIfChanged());
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Resolves when no reload is running or queued. */
  settled(): Promise<void> {
    return this.chain.then(() => undefined);
  }

  private async reloadIfChanged(): Promise<boolean> {
    const mark = await new ArticleStore(this.services.db).lastChange();
    if (mark === this.seen) return false;
    let t0 = performance.now();
    // Articles only added: answerable now, from the current knowledge with them appended; then rebuilt in full
    // below, so the knowledge is again exactly what a start would build.
    try {
      const appended = await this.append?.(this.services);
      if (appended) {
        this.services.engine = appended;
        this.services.log.info(
          { articles: appended.k.articles.length, ms: Math.round(performance.now() - t0) },
          'articles appended to the knowledge base',
        );
        // Over the store's derived knowledge, appending is the whole reload.
        if (isExact(appended)) {
          this.seen = mark;
          return true;
        }
      }
    } catch (e) {
      this.services.log.warn({ err: e }, 'appending to the knowledge base failed; rebuilding it');
    }
    t0 = performance.now();
    try {
      const engine = await this.load(this.services);
      this.services.engine = engine;
      this.seen = mark;
      this.services.log.info(
        { articles: engine.k.articles.length, ms: Math.round(performance.now() - t0) },
        'knowledge base reloaded',
      );
      return true;
    } catch (e) {
      // Keep serving the current engine; try again when the store changes again.
      this.services.log.error({ err: e }, 'knowledge base reload failed; keeping the current one');
      this.seen = mark;
      return false;
    }
  }
}

/**
 * The reload job: check the store every `intervalMs`; also sets services.reloadKnowledge so in-process ingestion
 * (the feed poller) can ask for an immediate reload.
 */
export async function startKnowledgeReloader(
  services: Services,
  opts: ReloaderOptions & { intervalMs: number },
): Promise<RunningAdapter & { reloader: KnowledgeReloader }> {
  const reloader = new KnowledgeReloader(services, opts);
  await reloader.init();
  services.reloadKnowledge = () => reloader.check();
  const job = startPeriodic({
    name: 'kb-reload',
    intervalMs: opts.intervalMs,
    run: () => reloader.check(),
    onError: (e) => services.log.error({ err: e }, 'knowledge base reload failed'),
  });
  return {
    name: job.name,
    reloader,
    async stop() {
      await job.stop();
      // A reload asked for in-process (the feed poller) may still be running.
      await reloader.settled();
    },
  };
}
