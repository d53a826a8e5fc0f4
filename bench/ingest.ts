/**
 * Ingestion benchmarks.
 *
 * 1. Throughput: 1,000 generated, varied UK-politics articles written as Markdown files with YAML front matter,
 *    ingested with the real pipeline (`ingestSources` on the directory: read, parse, validate, analyse with the
 *    engine's NLP, store article + analysis in one transaction each). Reported in articles/s.
 * 2. Answer latency as the KB grows: the bundled seed plus 1, 100, 1,000 and 10,000 generated articles. The
 *    first three reuse the 1,000 articles (and their real analyses) from step 1. The 10,000 corpus is made
 *    cheaply: the 1,000 analysed articles plus 9,000 clones in which every person and place name is replaced
 *    consistently in both the text and its cached analysis (new id, new title, new content hash) — so the
 *    engine loads 10,000 distinct articles without spending ~an hour in the NLP analyser. For each size the
 *    engine is built with loadKnowledge (the same path as the bot's KB reload; its time is reported too) and
 *    `ask` is timed over a mix of who / what-did-X-say / how-many / where / yes-no questions.
 *
 * Run alone with `node dist/bench/ingest.js` (after `npm run build`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { ANALYSER_VERSION } from '../src/core/nlp/analyse.js';
import { ingestSources } from '../src/ingest/ingest.js';
import { loadKnowledge } from '../src/kb/runtime.js';
import { createLogger } from '../src/log.js';
import { type ArticleInput, ArticleStore, contentHash } from '../src/store/articles.js';
import { type Db, openDatabase, storeFile } from '../src/store/db.js';
import { rawRetrieval } from './core.js';
import { type Figure, fmtMs, latencyFigure, printFigures, summarise, timeMany } from './lib.js';

// ---------------------------------------------------------------------------------------------------------------
// A deterministic generator of varied, realistic-looking articles.

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Amelia',
  'Oliver',
  'Priya',
  'Daniel',
  'Fatima',
  'George',
  'Hannah',
  'Imran',
  'Joanna',
  'Kwame',
  'Laura',
  'Marcus',
  'Niamh',
  'Owen',
  'Rebecca',
  'Samuel',
  'Tariq',
  'Ursula',
  'Victor',
  'Wendy',
  'Yusuf',
  'Zoe',
  'Bethan',
  'Callum',
  'Deborah',
  'Euan',
  'Fiona',
  'Gareth',
  'Helen',
  'Ian',
  'Jasmine',
  'Keith',
  'Leila',
  'Martin',
  'Nadia',
  'Patrick',
];
const LAST = [
  'Ashworth',
  'Brennan',
  'Chaudhry',
  'Davies',
  'Ellison',
  'Fairbairn',
  'Gallagher',
  'Hargreaves',
  'Iqbal',
  'Jennings',
  'Kowalski',
  'Lindqvist',
  'McAllister',
  'Nwosu',
  'Okonkwo',
  'Pemberton',
  'Quinlan',
  'Radcliffe',
  'Sandhu',
  'Thornton',
  'Underwood',
  'Vaughan',
  'Whitfield',
  'Yardley',
  'Abernethy',
  'Blackwood',
  'Crossley',
  'Dunmore',
  'Everett',
  'Fenwick',
  'Greenhalgh',
  'Holloway',
  'Ingram',
  'Kershaw',
  'Lomax',
  'Moorcroft',
];
const PLACES = [
  'Stockport',
  'Wakefield',
  'Swindon',
  'Ipswich',
  'Darlington',
  'Wrexham',
  'Paisley',
  'Lincoln',
  'Carlisle',
  'Truro',
  'Bolton',
  'Gloucester',
  'Stoke-on-Trent',
  'Middlesbrough',
  'Peterborough',
  'Dundee',
  'Swansea',
  'Blackpool',
  'Exeter',
  'Norwich',
  'Barnsley',
  'Telford',
  'Crawley',
  'Hastings',
  'Grimsby',
  'Inverness',
  'Newport',
  'Derby',
  'Luton',
  'York',
];
const PARTIES = ['Labour', 'Conservative', 'Liberal Democrat', 'Reform UK', 'Green', 'SNP', 'Plaid Cymru'];
const TOPICS = [
  { what: 'a new hospital', dept: 'Department of Health and Social Care', unit: 'beds', money: 'million' },
  { what: 'the bypass scheme', dept: 'Department for Transport', unit: 'miles of road', money: 'million' },
  { what: 'free school meals', dept: 'Department for Education', unit: 'pupils', money: 'million' },
  { what: 'neighbourhood policing', dept: 'Home Office', unit: 'officers', money: 'million' },
  {
    what: 'the offshore wind project',
    dept: 'Department for Energy Security and Net Zero',
    unit: 'homes powered',
    money: 'billion',
  },
  {
    what: 'council tax',
    dept: 'Ministry of Housing, Communities and Local Government',
    unit: 'households',
    money: 'million',
  },
  { what: 'the flood defences', dept: 'Environment Agency', unit: 'properties protected', money: 'million' },
  { what: 'the shipyard contract', dept: 'Ministry of Defence', unit: 'jobs', money: 'billion' },
  { what: 'bus services', dept: 'Department for Transport', unit: 'routes', money: 'million' },
  {
    what: 'social housing',
    dept: 'Ministry of Housing, Communities and Local Government',
    unit: 'homes',
    money: 'million',
  },
];
const ROLES = [
  'MP for',
  'leader of the council in',
  'mayor of',
  'council cabinet member for housing in',
  'police and crime commissioner for',
];

export interface GeneratedArticle {
  file: string;
  markdown: string;
  people: string[];
  places: string[];
}

export function generateArticles(n: number, seed = 2025): GeneratedArticle[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const num = (lo: number, hi: number) => Math.floor(lo + r() * (hi - lo));
  const out: GeneratedArticle[] = [];
  for (let i = 0; i < n; i++) {
    const topic = pick(TOPICS);
    const place = pick(PLACES);
    const other = pick(PLACES.filter((p) => p !== place));
    const a = `${pick(FIRST)} ${pick(LAST)}`;
    let b = `${pick(FIRST)} ${pick(LAST)}`;
    while (b.split(' ')[1] === a.split(' ')[1]) b = `${pick(FIRST)} ${pick(LAST)}`;
    const partyA = pick(PARTIES);
    const partyB = pick(PARTIES.filter((p) => p !== partyA));
    const roleA = `${pick(ROLES)} ${place}`;
    const amount = num(2, 950);
    const count = num(120, 48_000).toLocaleString('en-GB');
    const year = 2026 + num(0, 6);
    const day = num(1, 28);
    const month = num(1, 12);
    const yes = r() < 0.5;
    const [, lastA] = a.split(' ');
    const [, lastB] = b.split(' ');
    const titles = [
      `${place} to get £${amount}${topic.money === 'billion' ? 'bn' : 'm'} for ${topic.what}`,
      `${a} ${yes ? 'backs' : 'rejects'} plan for ${topic.what} in ${place}`,
      `Row over ${topic.what} deepens as ${partyB} attacks ${place} plan`,
      `Ministers ${yes ? 'confirm' : 'delay'} decision on ${topic.what} for ${place}`,
    ];
    const title = `${pick(titles)} (${i + 1})`;
    const paras = [
      `The government will ${yes ? 'go ahead with' : 'not go ahead with'} ${topic.what} in ${place}, ${a}, the ${partyA} ${roleA}, said on ${pick(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'])}, in a decision worth £${amount} ${topic.money}.`,
      `${a} said: “People in ${place} have waited long enough. This is about ${count} ${topic.unit}, and we intend to deliver every one of them by ${year}.”`,
      `“The funding has been ${yes ? 'agreed' : 'paused'} and the details will be published shortly,” a spokesman for the ${topic.dept} said.`,
      `${b}, the ${partyB} spokesperson on ${topic.what}, said the plan ${yes ? 'did not go far enough' : 'was a betrayal'}. “Families in ${other} and ${place} deserve better than this,” ${r() < 0.5 ? 'she' : 'he'} said.`,
      `Mr ${lastB} added that ${partyB} would force a vote on ${topic.what} before the end of the year.`,
      `Officials said the scheme would cover ${count} ${topic.unit} across ${place} and ${other}, with the first work starting on ${day} ${['January', 'March', 'May', 'July', 'September', 'November'][month % 6]} ${year}.`,
      `Local councillors in ${other} were divided. Some said ${lastA}’s announcement was “long overdue”, while others warned that the money would not last.`,
      r() < 0.5
        ? `Senior ${partyA} figures privately concede that the plan could be changed after the next spending review.`
        : `A ${topic.dept} source said the timetable was “ambitious but achievable”.`,
    ];
    const markdown = `---\ntitle: "${title}"\nurl: https://news.example/politics/${i + 1}-${place.toLowerCase()}\npublished: ${2024 + (i % 2)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}\npublication: ${pick(['The Daily Ledger', 'The Northern Courier', 'Westminster Today', 'The Regional Post'])}\nauthor: ${pick(FIRST)} ${pick(LAST)}\n---\n\n${paras.join('\n\n')}\n`;
    out.push({ file: `${String(i + 1).padStart(5, '0')}.md`, markdown, people: [a, b], places: [place, other] });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

const log = createLogger('silent');

export async function copyArticles(from: Db, to: Db, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 200) {
    const chunk = ids.slice(i, i + 200);
    const rows = await from.selectFrom('articles').selectAll().where('id', 'in', chunk).execute();
    const analyses = await from.selectFrom('article_analysis').selectAll().where('article_id', 'in', chunk).execute();
    await to.transaction().execute(async (trx) => {
      for (const r of rows)
        await trx
          .insertInto('articles')
          .values(r)
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      for (const a of analyses) {
        await trx
          .insertInto('article_analysis')
          .values(a)
          .onConflict((oc) => oc.column('article_id').doNothing())
          .execute();
      }
    });
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Clone an analysed article with every generated person and place replaced (text and analysis alike). */
export function cloneWithNewNames(
  row: { title: string; body: string; parts_json: string; url: string | null },
  analysis: string,
  gen: GeneratedArticle,
  r: () => number,
  k: number,
): { input: Omit<ArticleInput, 'id'>; analysis: string } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const pairs: [string, string][] = [];
  for (const p of gen.people) {
    const [first, last] = p.split(' ') as [string, string];
    const nf = pick(FIRST);
    const nl = `${pick(LAST)}${k % 7 ? '' : 'e'}`;
    pairs.push([p, `${nf} ${nl}`], [last, nl], [first, nf]);
  }
  for (const p of gen.places) pairs.push([p, `${pick(PLACES)}${k % 3 ? '' : ' Vale'}`]);
  const swap = (s: string) => {
    let out = s;
    const marks = pairs.map(([from], i) => [new RegExp(`\\b${escapeRe(from)}\\b`, 'g'), `\u0000${i}\u0000`] as const);
    for (const [re, mark] of marks) out = out.replace(re, mark);
    return out.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => pairs[Number(i)]?.[1] ?? '');
  };
  return {
    input: {
      origin: 'ingested',
      title: swap(row.title).replace(/\((\d+)\)$/, `($1.${k})`),
      publication: 'The Regional Post',
      publicationConfirmed: true,
      published: `2025-${String((k % 12) + 1).padStart(2, '0')}-15`,
      precision: 'day',
      inferred: false,
      note: null,
      author: null,
      url: row.url ? `${row.url}-clone-${k}` : null,
      body: swap(row.body),
      parts: JSON.parse(swap(row.parts_json)),
    },
    analysis: swap(analysis),
  };
}

export function questionsFor(gen: GeneratedArticle[]): string[] {
  const qs: string[] = ['who is DPM under Lib-Lab?', 'How many target seats has Labour identified?'];
  for (const g of gen.slice(0, 25)) {
    const [a, b] = g.people as [string, string];
    const [place] = g.places as [string];
    qs.push(
      `Who is ${a}?`,
      `What did ${b} say?`,
      `How much money will ${place} get?`,
      `Will the government go ahead with the plan in ${place}?`,
      `Who is the mayor of ${place}?`,
    );
  }
  return qs;
}

/** Build the engine twice: the first syncs and analyses the bundled seed; the second is timed (a reload). */
async function engineFor(db: Db) {
  await loadKnowledge({ db, log, report: () => undefined });
  // The longest the event loop waits during a rebuild: what a Slack ack or a Discord interaction would wait.
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const t0 = performance.now();
  const engine = await loadKnowledge({ db, log, report: () => undefined });
  const loadMs = performance.now() - t0;
  delay.disable();
  return { engine, loadMs, maxBlockMs: delay.max / 1e6 };
}

export async function benchIngest(
  opts: { articles?: number; sizes?: number[]; asks?: number } = {},
): Promise<Figure[]> {
  const total = opts.articles ?? 1000;
  const sizes = opts.sizes ?? [1, 100, 1000, 10_000];
  const asks = opts.asks ?? 1000;
  const figures: Figure[] = [];
  const root = mkdtempSync(join(tmpdir(), 'whip-bench-ingest-'));
  const dbs: Db[] = [];
  const open = async (name: string) => {
    const db = await openDatabase(storeFile(join(root, name)));
    dbs.push(db);
    return db;
  };
  try {
    // 1. Throughput.
    const gen = generateArticles(total);
    const dir = join(root, 'articles');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    for (const g of gen) writeFileSync(join(dir, g.file), g.markdown);
    const main = await open('main');
    await ingestSources([join(dir, gen[0]?.file ?? '')], { db: main, timeoutMs: 1000 }); // load the NLP models first
    const t0 = performance.now();
    const outcomes = await ingestSources([dir], { db: main, timeoutMs: 1000 });
    const secs = (performance.now() - t0) / 1000;
    const failed = outcomes.filter((o) => !o.ok);
    if (failed.length) throw new Error(`bench articles failed to ingest: ${JSON.stringify(failed.slice(0, 3))}`);
    figures.push({
      name: `ingestion throughput (${total} generated Markdown articles: parse, validate, analyse, store with analysis)`,
      value: `${(outcomes.length / secs).toFixed(1)} articles/s (${outcomes.length} in ${secs.toFixed(1)} s; ${fmtMs((secs * 1000) / outcomes.length)} per article)`,
      data: { articles_per_s: outcomes.length / secs, articles: outcomes.length, seconds: secs },
    });
    const ids = outcomes.map((o) => (o as { id: string }).id);
    const questions = questionsFor(gen);
    if (process.env.WHIP_BENCH_KEEP) writeFileSync(join(root, 'questions.json'), JSON.stringify(questions));

    // 2. Answer latency as the KB grows.
    for (const size of sizes) {
      const db = size === total ? main : await open(`kb-${size}`);
      if (size < total) await copyArticles(main, db, ids.slice(0, size));
      if (size > total) {
        await copyArticles(main, db, ids);
        const rows = await main
          .selectFrom('articles')
          .selectAll()
          .where('origin', '=', 'ingested')
          .orderBy('id')
          .execute();
        const byId = new Map(gen.map((g, i) => [ids[i], g]));
        const r = rng(7);
        for (let k = 0; k < size - total; k += 250) {
          await db.transaction().execute(async (trx) => {
            const s = new ArticleStore(trx);
            for (let j = k; j < Math.min(k + 250, size - total); j++) {
              const row = rows[j % rows.length];
              const g = row && byId.get(row.id);
              if (!row || !g) continue;
              const analysis = await s.analysis(row.id, row.content_hash, ANALYSER_VERSION);
              if (!analysis) continue;
              const c = cloneWithNewNames(row, analysis, g, r, j + 1);
              const input: ArticleInput = { id: `bench-clone-${j + 1}`, ...c.input };
              await s.upsert(input);
              await s.saveAnalysis(input.id, contentHash(input), ANALYSER_VERSION, c.analysis);
            }
          });
        }
      }
      const { engine, loadMs, maxBlockMs } = await engineFor(db);
      const n = engine.k.articles.length;
      const samples = await timeMany(
        asks,
        (i) => engine.ask(questions[i % questions.length] as string),
        Math.min(20, asks),
      );
      const label = `${size.toLocaleString('en-GB')} article${size === 1 ? '' : 's'}`;
      figures.push(latencyFigure(`ask latency, ${label} + the seed (${n} in the engine)`, samples));
      // The baseline: a raw query of the index the engine retrieves through, for the same questions.
      const raw = await timeMany(asks, rawRetrieval(db, engine.k, questions), Math.min(20, asks));
      const a = summarise(samples);
      const r = summarise(raw);
      figures.push(latencyFigure(`raw index query (FTS5), same ${label} corpus and questions`, raw));
      figures.push({
        name: `ask / raw index query, ${label}`,
        value: `p50 ${(a.p50 / r.p50).toFixed(1)}x, p99 ${(a.p99 / r.p99).toFixed(1)}x`,
        data: { p50_ratio: a.p50 / r.p50, p99_ratio: a.p99 / r.p99 },
      });
      figures.push({
        name: `engine build (loadKnowledge, as on a KB reload), ${label}`,
        value: `${fmtMs(loadMs)}; longest event-loop block meanwhile ${fmtMs(maxBlockMs)}`,
        data: { load_ms: loadMs, articles: n, max_block_ms: maxBlockMs },
      });
    }
    return figures;
  } finally {
    for (const db of dbs) await db.destroy().catch(() => undefined);
    // WHIP_BENCH_KEEP=1 keeps the generated stores (kb-<size>/whip.sqlite) and questions for profiling.
    if (process.env.WHIP_BENCH_KEEP) process.stderr.write(`bench stores kept in ${root}\n`);
    else rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printFigures('Ingestion', await benchIngest());
}
