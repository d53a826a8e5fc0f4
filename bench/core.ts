/**
 * Core benchmarks: warm `ask` latency on the seed KB against a raw query of the index the engine retrieves through
 * (the store's FTS5 index, or for a KB this small the heap index: the top 20 sentences for the question's stems)
 * in the same run (the ratio is
 * what the engine adds on top of search), one-shot `whip ask` wall time
 * against a bare `node -e 0` start, and peak RSS. Run alone with `node dist/bench/core.js`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { closeServices, createServices } from '../src/bootstrap.js';
import { parseConfig } from '../src/config.js';
import type { Knowledge } from '../src/core/answer/knowledge.js';
import { MemoryRetriever } from '../src/core/answer/memoryRetriever.js';
import { isSyncRetriever } from '../src/core/answer/retriever.js';
import { processTerm, words } from '../src/core/nlp/terms.js';
import { retrieverFor } from '../src/kb/runtime.js';
import type { Db } from '../src/store/db.js';
import { storeRetriever } from '../src/store/ftsRetriever.js';
import { type Figure, fmtMs, latencyFigure, printFigures, summarise, timeInterleaved, timeMany } from './lib.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Asks before the "warm" figure (the bench's definition since session 3). */
const WARM_ASKS = 3000;
/** Asks before the "steady state" figure: TurboFan's re-optimisations of the answer path stop by ~16,000 here. */
const STEADY_ASKS = 20_000;
/** An ask slower than this misses the seed-KB target (p99 < 1 ms); the bench counts them and their GC overlaps. */
const SLOW_ASK_MS = 1;

/** Candidates the raw retrieval baseline asks for (the engine asks each lane for 20). */
const RAW_LIMIT = 20;

/**
 * The baseline: the index the engine retrieves through (the store's, else in memory), queried raw with each
 * question's content stems, per question index.
 */
export function rawRetrieval(db: Db, k: Knowledge, questions: string[]): (i: number) => unknown {
  // As the engine chooses (runtime.ts: FTS5, or a heap index for a small KB); a PostgreSQL store is measured in
  // memory instead (its retrieval is asynchronous).
  const store = storeRetriever(db);
  const chosen = store && retrieverFor(db, k, store);
  const retriever = chosen && isSyncRetriever(chosen) ? chosen : new MemoryRetriever(k);
  const terms = questions.map((q) => [...new Set(words(q).flatMap((w) => processTerm(w) ?? []))]);
  return (i) => retriever.retrieve({ terms: terms[i % terms.length] ?? [], entities: [], weights: [] }, RAW_LIMIT);
}

/** Questions of every type, from the project's question sets (answered, contested and unknown). */
export function benchQuestions(): string[] {
  const out: string[] = [];
  for (const set of ['seed-dev.jsonl', 'seed-heldout.jsonl']) {
    for (const line of readFileSync(join(root, 'tests', 'data', set), 'utf8').split('\n')) {
      if (line.trim()) out.push((JSON.parse(line) as { q: string }).q);
    }
  }
  return out;
}

function median(xs: number[]): number {
  return summarise(xs).p50;
}

export async function benchCore(n = 4000): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'whip-bench-core-'));
  const figures: Figure[] = [];
  try {
    const services = await createServices(parseConfig({ WHIP_DATA_DIR: dir, LOG_LEVEL: 'silent' }));
    const questions = benchQuestions();
    const engine = services.engine;
    // Warm: JIT-compiled and memoised, as in a bot that has been answering for a while. After 3,000 asks TurboFan is
    // still re-optimising (about 40 functions and 10 deopts per 2,000 asks, `node --trace-opt --trace-deopt`); it
    // settles by ~16,000. Its background compiles and the GC's helper threads share this 2-core machine with the
    // main thread, so the 3,000-ask figure's tail depends on what else the machine runs; both are printed.
    const ask = (i: number) => engine.ask(questions[i % questions.length] as string);
    const warm = await timeInterleaved(n, ask, WARM_ASKS, SLOW_ASK_MS);
    const steady = await timeInterleaved(n, ask, STEADY_ASKS - WARM_ASKS - n, SLOW_ASK_MS);
    const raw = await timeMany(n, rawRetrieval(services.db as Db, engine.k, questions), 3000);
    const a = summarise(warm.samples);
    const r = summarise(raw);
    for (const [label, run] of [
      [`warm, after ${WARM_ASKS.toLocaleString('en')} asks`, warm],
      [`steady state, after ${STEADY_ASKS.toLocaleString('en')} asks`, steady],
    ] as const) {
      const s = summarise(run.samples);
      const c = summarise(run.control);
      figures.push(
        latencyFigure(
          `ask latency, seed KB (${label}, ${questions.length} questions cycled)`,
          run.samples,
          'p99 < 1 ms',
        ),
      );
      // This VM's run-to-run swing of the ask's p99 (0.7-2.4 ms, README) is larger than any code change since
      // session 8; the control says in the same run how much of a tail the machine itself had.
      figures.push({
        name: `  machine control (${label}): fixed non-allocating work of the ask's median, timed right after each ask`,
        value: `p50 ${fmtMs(c.p50)}, p99 ${fmtMs(c.p99)} (p99/p50 ${(c.p99 / c.p50).toFixed(1)}x; the ask's ${(s.p99 / s.p50).toFixed(1)}x)`,
        data: { p50_ms: c.p50, p99_ms: c.p99, p99_over_p50: c.p99 / c.p50, ask_p99_over_p50: s.p99 / s.p50 },
      });
      figures.push({
        name: `  asks over ${SLOW_ASK_MS} ms (${label}), and how many overlapped a garbage-collection pause`,
        value: `${run.slow} of ${n} (${((100 * run.slow) / n).toFixed(2)}%), ${run.slowInGc} during a GC`,
        data: { slow: run.slow, slow_in_gc: run.slowInGc, n },
      });
    }
    figures.push(
      latencyFigure('raw index query (the retriever the engine uses, top 20), same corpus and questions', raw),
    );
    figures.push({
      name: 'ask / raw index query',
      value: `p50 ${(a.p50 / r.p50).toFixed(1)}x, p99 ${(a.p99 / r.p99).toFixed(1)}x`,
      data: { p50_ratio: a.p50 / r.p50, p99_ratio: a.p99 / r.p99 },
    });
    await closeServices(services);

    // One-shot CLI against a bare node start, alternating runs so machine load hits both alike.
    const bin = join(root, 'bin', 'whip.js');
    const env = { ...process.env, WHIP_DATA_DIR: dir, LOG_LEVEL: 'silent' };
    spawnSync(process.execPath, [bin, 'ask', 'warm-up'], { env });
    const cli: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < 15; i++) {
      let t = performance.now();
      spawnSync(process.execPath, ['-e', '0'], { env });
      bare.push(performance.now() - t);
      t = performance.now();
      const run = spawnSync(process.execPath, [bin, 'ask', 'who is DPM under Lib-Lab?'], { env, encoding: 'utf8' });
      cli.push(performance.now() - t);
      if (run.status !== 0) throw new Error(`whip ask failed: ${run.stderr}`);
    }
    figures.push({
      name: 'one-shot `whip ask` wall time vs `node -e 0` (median of 15)',
      value: `${fmtMs(median(cli))} vs ${fmtMs(median(bare))} = ${(median(cli) / median(bare)).toFixed(2)}x`,
      target: '<= 4x',
      data: { whip_ms: median(cli), node_ms: median(bare), ratio: median(cli) / median(bare) },
    });
    // A question with a word the KB never uses loads the lexicon (WordNet lemmas and related words) once.
    const lex: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      const run = spawnSync(process.execPath, [bin, 'ask', 'Who is to blame for the failure in 2010?'], {
        env,
        encoding: 'utf8',
      });
      lex.push(performance.now() - t);
      if (run.status !== 0) throw new Error(`whip ask failed: ${run.stderr}`);
    }
    figures.push({
      name: 'one-shot `whip ask` with a word the KB lacks (loads the lexicon), median of 7',
      value: `${fmtMs(median(lex))} = ${(median(lex) / median(bare)).toFixed(2)}x node`,
      data: { whip_lexicon_ms: median(lex), ratio: median(lex) / median(bare) },
    });
    // The lexicon's own cost, in a fresh process (this one has loaded it already).
    const lexicalModule = pathToFileURL(join(root, 'dist', 'src', 'core', 'nlp', 'lexical.js')).href;
    const probe = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(lexicalModule)});
const r0 = process.memoryUsage().rss; let t = performance.now();
m.lemma('won'); m.related('blame'); const lex = performance.now() - t; const r1 = process.memoryUsage().rss;
t = performance.now(); m.similarity('king', 'queen'); const vec = performance.now() - t; const r2 = process.memoryUsage().rss;
console.log(JSON.stringify({ lex, lexMiB: (r1 - r0) / 2 ** 20, vec, vecMiB: (r2 - r1) / 2 ** 20 }));`,
      ],
      { encoding: 'utf8' },
    );
    if (probe.status === 0) {
      const m = JSON.parse(probe.stdout) as { lex: number; lexMiB: number; vec: number; vecMiB: number };
      figures.push({
        name: 'lexical resources, first use in a fresh process: load time and RSS added',
        value: `lemmas + related words ${fmtMs(m.lex)}, +${m.lexMiB.toFixed(0)} MiB; word vectors ${fmtMs(m.vec)}, +${m.vecMiB.toFixed(0)} MiB (the vectors serve the verifier's soft match of a question word missing from the evidence)`,
        data: { lexicon_ms: m.lex, lexicon_mib: m.lexMiB, vectors_ms: m.vec, vectors_mib: m.vecMiB },
      });
    }
    figures.push({
      name: 'peak RSS of this benchmark process so far',
      value: `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
      data: { max_rss_mib: process.resourceUsage().maxRSS / 1024 },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printFigures('Core', await benchCore());
}
