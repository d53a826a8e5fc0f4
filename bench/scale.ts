/**
 * Scale benchmarks (issue #12, `BENCH=scale`): the knowledge base at 10,000 and 100,000 articles (sizes from
 * BENCH_SCALE_SIZES, e.g. `10000` alone). Each store holds 1,000 generated, really analysed articles plus clones
 * with every person and place renamed (bench/ingest.ts; distinct articles to the index), written the way
 * ingestion writes them (article, analysis and index rows in one transaction). For each size:
 * - ask p50/p99 warm, in this process, over the bench questions;
 * - bot start to first answer: `whip start --console` as a child, one question on its stdin;
 * - RSS of that bot after 1,000 questions (read by the child itself when its input ends) and its peak;
 * - one-shot `whip ask` wall time and peak RSS (a child; median of three);
 * - ingest to answerable: a running engine (this process, with the KB reloader polling every second) and
 *   `whip ingest FILE` in another process; the time until the new article answers a question about it;
 * - the store's size on disk (and the prepared-KB snapshot beside it).
 * Figures only; nothing here fails on a time. WHIP_BENCH_KEEP=1 keeps each store as a WHIP_DATA_DIR under the
 * printed directory (`kb-<size>/`).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { closeServices, createServices } from '../src/bootstrap.js';
import { parseConfig } from '../src/config.js';
import { ANALYSER_VERSION } from '../src/core/nlp/analyse.js';
import { ingestSources } from '../src/ingest/ingest.js';
import { startKnowledgeReloader } from '../src/ingest/reload.js';
import { type ArticleInput, ArticleStore, contentHash } from '../src/store/articles.js';
import { type Db, openDatabase, storeFile } from '../src/store/db.js';
import { cloneWithNewNames, copyArticles, generateArticles, questionsFor, rng } from './ingest.js';
import { type Figure, fmtMs, latencyFigure, printFigures, summarise, timeMany } from './lib.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(root, 'bin', 'whip.js');

/** Really analysed articles every store starts from (the rest are renamed clones of them). */
const BASE_ARTICLES = 1000;
/** Clones written per transaction while generating a store. */
const CLONE_BATCH = 500;
/** Questions asked of the running bot before its RSS is read (the figure). */
const BOT_QUESTIONS = 1000;
/** Warm asks timed in this process per size. */
const WARM_ASKS = 1000;
/** How often the ingest-to-answerable probe asks its question. */
const PROBE_MS = 50;
/** The KB reloader's interval during the probe (WHIP_KB_RELOAD_SECONDS, 1 s instead of the default 5). */
const RELOAD_MS = 1000;
/** Give up on a child or a probe after this long (a figure of "> limit" is printed instead). */
const CHILD_LIMIT_MS = 600_000;

/** Printed by every measured child on exit (see rssHook): peak RSS and RSS then, in KiB. */
const RSS_MARK = 'WHIP_BENCH_RSS';

const MIB = 1024 * 1024;

/** A preload that makes a child report its own peak and final RSS on exit (stderr). */
function rssHook(dir: string): string {
  const file = join(dir, 'rss-hook.cjs');
  writeFileSync(
    file,
    `process.on('exit', () => { require('node:fs').writeSync(2, '\\n${RSS_MARK} ' + process.resourceUsage().maxRSS + ' ' + Math.round(process.memoryUsage().rss / 1024) + '\\n'); });\n`,
  );
  return file;
}

interface ChildRun {
  wallMs: number;
  /** ms from spawn to the first byte on stdout. */
  firstOutputMs?: number;
  peakRssKiB?: number;
  rssKiB?: number;
  stdout: string;
  code: number | null;
}

/**
 * Run `whip ARGS`. With `input`, its first line goes in at once and the rest once the first answer is out (so
 * the first answer is timed alone), then the input ends.
 */
function runChild(
  args: string[],
  env: NodeJS.ProcessEnv,
  input?: { first: string; rest: (write: (s: string) => void) => void },
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let firstOutputMs: number | undefined;
    let fed = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_LIMIT_MS);
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      firstOutputMs ??= performance.now() - t0;
      stdout += c;
      // The rest of the input goes in once the first answer is out, so the first one is timed alone.
      if (input && !fed) {
        fed = true;
        input.rest((s) => child.stdin.write(s));
        child.stdin.end();
      }
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const m = new RegExp(`${RSS_MARK} (\\d+) (\\d+)`).exec(stderr);
      resolve({
        wallMs: performance.now() - t0,
        ...(firstOutputMs !== undefined ? { firstOutputMs } : {}),
        ...(m ? { peakRssKiB: Number(m[1]), rssKiB: Number(m[2]) } : {}),
        stdout,
        code,
      });
    });
    if (input) child.stdin.write(input.first);
    else child.stdin.end();
  });
}

function sizeOnDisk(dir: string): { store: number; snapshot: number } {
  const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
  const db = storeFile(dir);
  return {
    store: size(db) + size(`${db}-wal`) + size(`${db}-shm`),
    snapshot: size(join(dir, 'kb-snapshot.json')),
  };
}

/** A store of `size` articles under `dir`: the base articles, then renamed clones, indexed as ingestion does. */
async function makeStore(
  base: Db,
  baseIds: string[],
  gen: ReturnType<typeof generateArticles>,
  dir: string,
  size: number,
) {
  const db = await openDatabase(storeFile(dir));
  try {
    await copyArticles(base, db, baseIds);
    // Copied rows carry no index rows: index them as a store from before the index would be.
    const store = new ArticleStore(db);
    for (const a of await db.selectFrom('article_analysis').select(['article_id', 'data']).execute())
      await store.indexAnalysis(a.article_id, a.data);
    const rows = await base.selectFrom('articles').selectAll().where('origin', '=', 'ingested').orderBy('id').execute();
    const byId = new Map(gen.map((g, i) => [baseIds[i], g]));
    const analyses = new Map(
      (await base.selectFrom('article_analysis').select(['article_id', 'data']).execute()).map((a) => [
        a.article_id,
        a.data,
      ]),
    );
    const r = rng(7);
    for (let k = 0; k < size - baseIds.length; k += CLONE_BATCH) {
      await db.transaction().execute(async (trx) => {
        const s = new ArticleStore(trx);
        for (let j = k; j < Math.min(k + CLONE_BATCH, size - baseIds.length); j++) {
          const row = rows[j % rows.length];
          const g = row && byId.get(row.id);
          const analysis = row && analyses.get(row.id);
          if (!row || !g || !analysis) continue;
          const c = cloneWithNewNames(row, analysis, g, r, j + 1);
          const input: ArticleInput = { id: `bench-clone-${j + 1}`, ...c.input };
          await s.upsert(input);
          await s.saveAnalysis(input.id, contentHash(input), ANALYSER_VERSION, c.analysis);
        }
      });
    }
  } finally {
    await db.destroy();
  }
}

/** The new article of the ingest-to-answerable probe, and a question only it answers. */
const NEW_ARTICLE = {
  file: 'fenmoor-transport-board.txt',
  text: 'Quillon Farthingale named chair of the Fenmoor transport board\n\nQuillon Farthingale, the former leader of Fenmoor council, was named chair of the Fenmoor transport board on Tuesday. Mr Farthingale said the board would publish its first plan in the spring.\n',
  question: 'Who is Quillon Farthingale?',
  answered: (text: string) => /Farthingale/.test(text) && /leader of Fenmoor council|transport board/.test(text),
};

export async function benchScale(opts: { sizes?: number[] } = {}): Promise<Figure[]> {
  const sizes =
    opts.sizes ??
    (process.env.BENCH_SCALE_SIZES ?? '10000,100000')
      .split(',')
      .map((s) => Number(s.trim()))
      .filter((n) => n > 0);
  const figures: Figure[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'whip-bench-scale-'));
  const hook = rssHook(dir);
  try {
    const gen = generateArticles(BASE_ARTICLES);
    const articles = join(dir, 'articles');
    mkdirSync(articles);
    for (const g of gen) writeFileSync(join(articles, g.file), g.markdown);
    const base = await openDatabase(storeFile(join(dir, 'base')));
    try {
      const outcomes = await ingestSources([articles], { db: base, timeoutMs: 1000 });
      const baseIds = outcomes.flatMap((o) => (o.ok ? [o.id] : []));
      const questions = questionsFor(gen);
      // Size by size, each measured as soon as it exists; every figure is also printed (stderr) as it comes, so
      // a run stopped before the largest size still reports the smaller ones.
      for (const size of sizes) {
        const t0 = performance.now();
        await makeStore(base, baseIds, gen, join(dir, `kb-${size}`), size);
        const made = {
          name: `${size.toLocaleString('en-GB')} articles: store generated`,
          value: `${((performance.now() - t0) / 1000).toFixed(0)} s`,
        };
        progress(made);
        figures.push(made, ...(await measure(size, join(dir, `kb-${size}`), questions, hook, progress)));
      }
    } finally {
      await base.destroy();
    }
    return figures;
  } finally {
    if (process.env.WHIP_BENCH_KEEP) process.stderr.write(`bench stores kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** Print a figure as soon as it is measured (stderr; the section's table is printed at the end). */
function progress(f: Figure): void {
  process.stderr.write(`scale: ${f.name}: ${f.value}\n`);
}

async function measure(
  size: number,
  dataDir: string,
  questions: string[],
  hook: string,
  onFigure: (f: Figure) => void,
): Promise<Figure[]> {
  const label = `${size.toLocaleString('en-GB')} articles`;
  const figures: Figure[] = [];
  const record = (f: Figure) => {
    onFigure(f);
    figures.push(f);
  };
  const env = { PATH: process.env.PATH ?? '', WHIP_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  const measured = { ...env, NODE_OPTIONS: `--require ${hook}` };

  // First start: syncs the seed, indexes what is missing, writes the snapshot (not timed: a one-time upgrade).
  let t0 = performance.now();
  const services = await createServices(parseConfig(env));
  record({ name: `${label}: first start (prepare and snapshot)`, value: fmtMs(performance.now() - t0) });
  try {
    const ask = await timeMany(WARM_ASKS, (i) => services.engine.ask(questions[i % questions.length] as string), 100);
    record(latencyFigure(`${label}: ask latency, warm`, ask, 'p99 < 25 ms at 100,000'));
  } finally {
    await closeServices(services);
  }
  const disk = sizeOnDisk(dataDir);
  record({
    name: `${label}: size on disk`,
    value: `store ${(disk.store / MIB).toFixed(0)} MiB, prepared-KB snapshot ${(disk.snapshot / MIB).toFixed(0)} MiB`,
    data: { store_bytes: disk.store, snapshot_bytes: disk.snapshot },
  });

  // One-shot `whip ask`: median of three, after one untimed run (the CLI bundle keeps its own snapshot).
  await runChild(['ask', questions[0] as string], env);
  const shots: ChildRun[] = [];
  for (let i = 0; i < 3; i++) shots.push(await runChild(['ask', questions[i] as string], measured));
  const wall = summarise(shots.map((s) => s.wallMs)).p50;
  const peak = Math.max(...shots.map((s) => s.peakRssKiB ?? 0)) / 1024;
  record({
    name: `${label}: one-shot \`whip ask\``,
    value: `wall ${fmtMs(wall)} (median of 3), peak RSS ${peak.toFixed(0)} MiB`,
    target: '< 1.5 s and < 400 MB at 100,000',
    data: { wall_ms: wall, peak_rss_mib: peak },
  });

  // The bot: start to first answer, then 1,000 questions, RSS when its input ends.
  const bot = await runChild(['start', '--console'], measured, {
    first: `${questions[0]}\n`,
    rest: (write) => {
      for (let i = 1; i < BOT_QUESTIONS; i++) write(`${questions[i % questions.length]}\n`);
    },
  }).then(
    (r) => r,
    (e) => ({ error: e as Error }),
  );
  if ('error' in bot) record({ name: `${label}: bot`, value: `failed: ${bot.error.message}` });
  else {
    record({
      name: `${label}: bot start to first answer`,
      value: bot.firstOutputMs !== undefined ? fmtMs(bot.firstOutputMs) : `no answer (exit ${bot.code})`,
      target: '< 10 s at 100,000',
    });
    record({
      name: `${label}: bot RSS after ${BOT_QUESTIONS.toLocaleString('en-GB')} questions`,
      value: `${((bot.rssKiB ?? 0) / 1024).toFixed(0)} MiB (peak ${((bot.peakRssKiB ?? 0) / 1024).toFixed(0)} MiB)`,
      target: '< 600 MB at 100,000',
    });
  }

  // Ingest to answerable: a running engine with the reloader, `whip ingest` in another process.
  const running = await createServices(parseConfig(env));
  const reload = await startKnowledgeReloader(running, { intervalMs: RELOAD_MS });
  try {
    const file = join(dataDir, NEW_ARTICLE.file);
    writeFileSync(file, NEW_ARTICLE.text);
    t0 = performance.now();
    const ingest = runChild(['ingest', file], env);
    let answerable: number | undefined;
    while (performance.now() - t0 < CHILD_LIMIT_MS) {
      if (NEW_ARTICLE.answered(JSON.stringify(running.engine.ask(NEW_ARTICLE.question)))) {
        answerable = performance.now() - t0;
        break;
      }
      await new Promise((r) => setTimeout(r, PROBE_MS));
    }
    const ingested = await ingest;
    record({
      name: `${label}: \`whip ingest\` of one new article to answerable by a running bot (reload polled every ${RELOAD_MS / 1000} s)`,
      value:
        answerable === undefined
          ? `not answerable within ${CHILD_LIMIT_MS / 1000} s`
          : `${fmtMs(answerable)} (the ingest process itself: ${fmtMs(ingested.wallMs)})`,
      target: '< 5 s at 100,000',
    });
  } finally {
    await reload.stop();
    await closeServices(running);
  }
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printFigures('Scale', await benchScale());
}
