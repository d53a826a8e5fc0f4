/**
 * Engine.settle: answering stays synchronous while retrieval may be asynchronous (PostgreSQL). Checked here
 * without a database: an asynchronous wrapper of the in-memory retriever must give, through settle(), exactly the
 * replies the synchronous retriever gives — for every seed question, concurrently interleaved, and for every call
 * that reaches retrieval (ask, claims' fallback to ask, citationsFor).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServices } from '../../src/bootstrap.js';
import { Engine } from '../../src/core/answer/engine.js';
import { MemoryRetriever } from '../../src/core/answer/memoryRetriever.js';
import type { AsyncRetriever, RetrievalQuery, RetrievedSentence } from '../../src/core/answer/retriever.js';
import { settled } from '../../src/core/answer/types.js';
import type { Services } from '../../src/core/services.js';
import { ROOT, realServices, removeTempDirs } from './helpers.js';

const questions = ['seed-dev.jsonl', 'seed-heldout.jsonl'].flatMap((set) =>
  readFileSync(join(ROOT, 'tests/data', set), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { q: string }).q),
);

/** The in-memory retriever behind a promise that resolves on a later turn of the event loop, like a database. */
class Deferred implements AsyncRetriever {
  calls = 0;
  fail?: Error;
  constructor(private readonly inner: MemoryRetriever) {}
  async retrieveAsync(query: RetrievalQuery, limit: number): Promise<RetrievedSentence[]> {
    this.calls++;
    await new Promise((r) => setImmediate(r));
    if (this.fail) throw this.fail;
    return this.inner.retrieve(query, limit);
  }
}

let services: Services;
let sync: Engine;
let deferred: Deferred;
let async: Engine;

beforeAll(async () => {
  services = await realServices();
  const k = (services.engine as Engine).k;
  sync = new Engine(k, new MemoryRetriever(k));
  deferred = new Deferred(new MemoryRetriever(k));
  async = new Engine(k, deferred);
}, 60_000);

afterAll(async () => {
  await closeServices(services);
  removeTempDirs();
});

describe('Engine.settle', () => {
  it('gives the synchronous retriever’s replies, awaiting each retrieval once', async () => {
    for (const q of questions) {
      const before = deferred.calls;
      expect(await async.settle(() => async.ask(q)), q).toEqual(sync.ask(q));
      // At most a few round trips a question (each distinct retrieval is fetched once, then found).
      expect(deferred.calls - before, q).toBeLessThanOrEqual(3);
    }
    expect(deferred.calls).toBeGreaterThan(questions.length / 2);
    for (const topic of ['coalition', 'Lib-Lab pact', 'austerity']) {
      expect(await settled(async, (e) => e.claims(topic))).toEqual(sync.claims(topic));
    }
    expect(await settled(async, (e) => e.citationsFor(questions[2] as string))).toEqual(
      sync.citationsFor(questions[2] as string),
    );
  });

  it('keeps concurrent calls apart (each pass is synchronous; each settle has its own fetched retrievals)', async () => {
    const replies = await Promise.all(questions.map((q) => async.settle(() => async.ask(q))));
    for (const [i, r] of replies.entries()) expect(r, questions[i]).toEqual(sync.ask(questions[i] as string));
  });

  it('runs a synchronous retriever’s call once, and refuses a bare synchronous call on an asynchronous one', async () => {
    let runs = 0;
    await sync.settle(() => {
      runs++;
      return sync.ask(questions[0] as string);
    });
    expect(runs).toBe(1);
    expect(() => async.ask(questions[2] as string)).toThrow(/settle/);
  });

  it('passes on what the call or the retriever throws', async () => {
    await expect(async.settle(() => JSON.parse('{'))).rejects.toThrow(SyntaxError);
    deferred.fail = new Error('connection terminated');
    try {
      await expect(async.settle(() => async.ask('How many target seats has Labour identified?'))).rejects.toThrow(
        'connection terminated',
      );
    } finally {
      deferred.fail = undefined;
    }
  });
});
