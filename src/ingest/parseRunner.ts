/**
 * Runs parse jobs in a worker thread, one at a time, each with a time limit: a page that would block for a minute
 * (deep nesting, pathological text) costs the worker, not the bot's event loop, and is killed at the limit and
 * reported as that source's failure. The worker is started on first use, kept while jobs come, and does not keep
 * the process alive when idle.
 *
 * The worker file is found next to this module: dist/src/ingest/parseWorker.js after `tsc`, and
 * dist/bundle/parseWorker.js in the esbuild bundle (scripts/bundle.mjs builds it as a second entry point beside
 * the chunks). Under vitest (TypeScript sources) the .ts file runs through tsx.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { IngestError } from './errors.js';
import type { ParseJob } from './parseJobs.js';
import type { WorkerReply, WorkerRequest } from './parseWorker.js';

/**
 * A parse job taking longer than this is killed. Real pages parse in well under a second on a busy two-core
 * machine; the limit leaves room for a large legitimate page while bounding what a hostile one can cost.
 */
export const PARSE_TIME_LIMIT_MS = 15_000;
/** Heap of the worker: a 5 MB page parses in far less; a page that needs more is refused, not the bot killed. */
export const PARSE_WORKER_HEAP_MB = 512;
/** Starting the worker (loading linkedom, Readability; transpiling under tsx in tests) must not take longer. */
export const WORKER_START_LIMIT_MS = 60_000;

/** The worker's script: the built .js file, or (TypeScript sources under vitest/tsx) a loader that imports the .ts one via tsx. */
function workerScript(): { script: URL | string; eval?: boolean } {
  const js = new URL('./parseWorker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return { script: js };
  const ts = new URL('./parseWorker.ts', import.meta.url);
  if (existsSync(fileURLToPath(ts)))
    return {
      script: `import('tsx/esm/api').then((m) => m.tsImport(${JSON.stringify(ts.href)}, ${JSON.stringify(import.meta.url)}))`,
      eval: true,
    };
  throw new Error(`the parse worker is missing next to ${fileURLToPath(import.meta.url)} (run npm run build)`);
}

interface Pending {
  id: number;
  job: ParseJob;
  timeLimitMs: number;
  resolve(v: unknown): void;
  reject(e: Error): void;
}

export class ParseRunner {
  private worker: Worker | undefined;
  private queue: Pending[] = [];
  private current: (Pending & { timer?: NodeJS.Timeout }) | undefined;
  private ready = false;
  private nextId = 1;

  constructor(private readonly timeLimitMs = PARSE_TIME_LIMIT_MS) {}

  run<T>(job: ParseJob, timeLimitMs = this.timeLimitMs): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, timeLimitMs, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  /** Stop the worker (pending jobs fail). */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    for (const p of this.queue.splice(0)) p.reject(new IngestError(p.job.source, 'parsing was stopped'));
    if (this.current) {
      clearTimeout(this.current.timer);
      this.current.reject(new IngestError(this.current.job.source, 'parsing was stopped'));
      this.current = undefined;
    }
    await w?.terminate();
  }

  private spawn(): Worker {
    const { script, eval: isEval } = workerScript();
    const w = new Worker(script, { eval: isEval, resourceLimits: { maxOldGenerationSizeMb: PARSE_WORKER_HEAP_MB } });
    this.ready = false;
    w.on('message', (reply: WorkerReply) => {
      if ('ready' in reply) {
        if (this.worker !== w) return;
        this.ready = true;
        this.startClock();
      } else this.settle(reply);
    });
    w.on('error', (e: Error) => this.fail(w, e));
    w.on('exit', () => this.fail(w, new Error('the parse worker stopped')));
    w.unref();
    return w;
  }

  private pump(): void {
    if (this.current) return;
    const next = this.queue.shift();
    if (!next) {
      this.worker?.unref();
      return;
    }
    this.worker ??= this.spawn();
    this.worker.ref();
    this.current = { ...next };
    this.worker.postMessage({ id: next.id, job: next.job } satisfies WorkerRequest);
    this.startClock();
  }

  /** The current job's time limit runs once the worker is ready (before that, the start limit). */
  private startClock(): void {
    const cur = this.current;
    if (!cur) return;
    if (cur.timer) clearTimeout(cur.timer);
    cur.timer = setTimeout(() => this.expire(), this.ready ? cur.timeLimitMs : WORKER_START_LIMIT_MS);
  }

  private settle(reply: WorkerReply): void {
    const cur = this.current;
    if (!cur || !('id' in reply) || cur.id !== reply.id) return;
    clearTimeout(cur.timer);
    this.current = undefined;
    if (reply.ok) cur.resolve(reply.result);
    else cur.reject(new IngestError(reply.source ?? cur.job.source, reply.message));
    this.pump();
  }

  /** The worker died or failed: the job it was running fails, the next job gets a new worker. */
  private fail(w: Worker, e: Error): void {
    if (this.worker !== w) return;
    this.worker = undefined;
    const cur = this.current;
    if (cur) {
      clearTimeout(cur.timer);
      this.current = undefined;
      const oom = /ERR_WORKER_OUT_OF_MEMORY|out of memory/i.test(`${(e as { code?: string }).code} ${e.message}`);
      cur.reject(new IngestError(cur.job.source, oom ? 'too large to parse' : `cannot parse it (${e.message})`));
    }
    this.pump();
  }

  private expire(): void {
    const cur = this.current;
    const w = this.worker;
    if (!cur) return;
    this.current = undefined;
    this.worker = undefined;
    cur.reject(
      new IngestError(
        cur.job.source,
        `parsing took longer than ${cur.timeLimitMs / 1000}s and was stopped (is the page unusually complex?)`,
      ),
    );
    void w?.terminate();
    this.pump();
  }
}

let shared: ParseRunner | undefined;

/** The process-wide runner (one worker thread). */
export function parseRunner(): ParseRunner {
  shared ??= new ParseRunner();
  return shared;
}

/** Run a parse job off the event loop. */
export function parseOffThread<T>(job: ParseJob, timeLimitMs?: number): Promise<T> {
  return parseRunner().run<T>(job, timeLimitMs);
}
