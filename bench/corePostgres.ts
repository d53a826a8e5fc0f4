/**
 * Answering with retrieval in PostgreSQL (issue #13): warm `ask` latency on the seed KB through Engine.settle
 * (each retrieval a question needs is one round trip to PostgreSQL's tsvector/GIN index, then the synchronous
 * stages) against a raw query of that index with each question's stems, and the SQLite engine in the same process
 * for the ratio. PostgreSQL is a throwaway embedded server on 127.0.0.1 (bench/postgres.ts), on the same machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeServices, createServices } from '../src/bootstrap.js';
import { parseConfig } from '../src/config.js';
import { settled } from '../src/core/answer/types.js';
import { processTerm, words } from '../src/core/nlp/terms.js';
import type { Db } from '../src/store/db.js';
import { PgRetriever } from '../src/store/pgRetriever.js';
import { benchQuestions } from './core.js';
import { type Figure, latencyFigure, summarise, timeMany } from './lib.js';
import { startBenchPostgres } from './postgres.js';

/** Candidates the raw retrieval baseline asks for (the engine asks each lane for 20). */
const RAW_LIMIT = 20;
/** A bench-only key (required with DATABASE_URL); no feedback is stored. */
const FEEDBACK_SECRET = 'bench-core-postgres-secret-0123456789';

export async function benchCorePostgres(n = 2000, warmup = 1000): Promise<Figure[]> {
  const pg = await startBenchPostgres();
  const dirs = [mkdtempSync(join(tmpdir(), 'whip-bench-pgcore-')), mkdtempSync(join(tmpdir(), 'whip-bench-sqcore-'))];
  try {
    const [pgDir, sqliteDir] = dirs as [string, string];
    const postgres = await createServices(
      parseConfig({
        WHIP_DATA_DIR: pgDir,
        DATABASE_URL: await pg.createDatabase(),
        WHIP_FEEDBACK_SECRET: FEEDBACK_SECRET,
        LOG_LEVEL: 'silent',
      }),
    );
    const sqlite = await createServices(parseConfig({ WHIP_DATA_DIR: sqliteDir, LOG_LEVEL: 'silent' }));
    try {
      const questions = benchQuestions();
      const q = (i: number) => questions[i % questions.length] as string;
      const onPg = await timeMany(n, (i) => settled(postgres.engine, (e) => e.ask(q(i))), warmup);
      const onSqlite = await timeMany(n, (i) => sqlite.engine.ask(q(i)), warmup);
      const retriever = new PgRetriever(postgres.db as Db);
      const terms = questions.map((x) => [...new Set(words(x).flatMap((w) => processTerm(w) ?? []))]);
      const raw = await timeMany(
        n,
        (i) => retriever.retrieveAsync({ terms: terms[i % terms.length] ?? [], entities: [], weights: [] }, RAW_LIMIT),
        warmup,
      );
      const [p, s] = [summarise(onPg), summarise(onSqlite)];
      return [
        latencyFigure(`ask latency on PostgreSQL, seed KB (warm, ${questions.length} questions cycled)`, onPg),
        latencyFigure('ask latency on SQLite, same process and questions', onSqlite),
        latencyFigure('raw index query (tsvector/GIN, BM25 top 20), same corpus and questions', raw),
        {
          name: 'ask PostgreSQL / SQLite',
          value: `p50 ${(p.p50 / s.p50).toFixed(1)}x, p99 ${(p.p99 / s.p99).toFixed(1)}x`,
          data: { p50_ratio: p.p50 / s.p50, p99_ratio: p.p99 / s.p99 },
        },
      ];
    } finally {
      await closeServices(postgres);
      await closeServices(sqlite);
    }
  } finally {
    await pg.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}
