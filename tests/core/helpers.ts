/**
 * Shared helpers for the command-core tests: temp dirs, real services on a temp store, an in-memory logger,
 * the evaluator's verbatim rule, and running the built `whip` bin as a user would.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { closeServices, createServices } from '../../src/bootstrap.js';
import { parseConfig } from '../../src/config.js';
import { readPolarity } from '../../src/core/answer/polarity.js';
import { isStopword, stem, words } from '../../src/core/nlp/terms.js';
import type { Services } from '../../src/core/services.js';
import { ingestSources } from '../../src/ingest/ingest.js';
import { createLogger, type Logger } from '../../src/log.js';
import { openDatabase, storeFile } from '../../src/store/db.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/whip.js');
export const KB_DIR = join(ROOT, 'kb');

const tempDirs: string[] = [];
export function tempDir(prefix = 'whip-core-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(d);
  return d;
}
export function removeTempDirs(): void {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A pino logger writing JSON lines into an array. */
export function memoryLogger(level = 'debug'): {
  log: Logger;
  lines: () => Record<string, unknown>[];
  raw: () => string;
} {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  const log = createLogger(level, stream);
  const raw = () => chunks.join('');
  const lines = () =>
    raw()
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, lines, raw };
}

/**
 * Real services over the seed KB plus these article files, ingested into a fresh temp store first (every one
 * must ingest).
 */
export async function servicesWithArticles(files: string[], prefix = 'whip-articles-'): Promise<Services> {
  const dir = tempDir(prefix);
  const db = await openDatabase(storeFile(dir));
  const outcomes = await ingestSources(files, { db, timeoutMs: 10_000 });
  await db.destroy();
  const failed = outcomes.filter((o) => !o.ok);
  if (failed.length) throw new Error(`not ingested: ${JSON.stringify(failed)}`);
  return createServices(parseConfig({ WHIP_DATA_DIR: dir, LOG_LEVEL: 'silent' }));
}

/** Real services (real KB, real engine, real SQLite store in a temp dir). */
export async function realServices(
  env: Record<string, string> = {},
  opts: { log?: Logger; kbDir?: string } = {},
): Promise<Services> {
  const config = parseConfig({ WHIP_DATA_DIR: tempDir('whip-core-data-'), LOG_LEVEL: 'silent', ...env });
  return createServices(config, opts);
}

/**
 * Real services for a whole test file: created before its tests, destroyed after (with the temp dirs). Returns
 * a getter, since the services exist only once beforeAll has run.
 */
export function realServicesForFile(): () => Services {
  let services: Services | undefined;
  beforeAll(async () => {
    services = await realServices();
  }, 120_000);
  afterAll(async () => {
    await services?.db.destroy();
    removeTempDirs();
  });
  return () => {
    if (!services) throw new Error('real services are created in beforeAll');
    return services;
  };
}

/**
 * Real services over the seed and one invented fixture article (a path under the repository) for a whole test file:
 * ingested before its tests, closed after them. Getters, since both exist only once beforeAll has run: `engine()`
 * and the fixture's own `text()` (to check that citations are verbatim).
 */
export function fixtureServicesForFile(
  fixture: string,
  prefix: string,
): { engine: () => Services['engine']; text: () => string } {
  const path = join(ROOT, fixture);
  let services: Services | undefined;
  let text = '';
  beforeAll(async () => {
    services = await servicesWithArticles([path], prefix);
    text = readFileSync(path, 'utf8');
  }, 120_000);
  afterAll(async () => {
    if (services) await closeServices(services);
    removeTempDirs();
  });
  return {
    engine: () => {
      if (!services) throw new Error('fixture services are created in beforeAll');
      return services.engine;
    },
    text: () => text,
  };
}

/** The evaluator's folding (curly quotes, dashes, whitespace; case-insensitive), shared with the quality tests. */
export { norm } from '../support/score.js';

import { norm } from '../support/score.js';

/** The evaluator's verbatim rule: every ellipsis-separated part occurs in the (folded) article. */
export function isVerbatim(quote: string, articleText: string): boolean {
  const corpus = norm(articleText);
  const parts = norm(quote)
    .split(/\s*(?:\u2026|\.\.\.)\s*/)
    .map((p) => p.replace(/^["'\s]+|["'\s]+$/g, ''))
    .filter((p) => p.length > 0);
  return parts.length > 0 && parts.every((p) => corpus.includes(p));
}

/** Bundled article texts by id, read straight from kb/ (independent of the engine). */
export function bundledArticles(dir = KB_DIR): Map<string, string> {
  const metas = parseYaml(readFileSync(join(dir, 'articles.yaml'), 'utf8')) as { id: string; file: string }[];
  return new Map(metas.map((m) => [m.id, readFileSync(join(dir, m.file), 'utf8')]));
}

/** A clean environment: no tokens, no developer settings. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the built bin in a clean env (cwd: a temp dir, so no developer .env is picked up). */
export function runWhip(
  args: string[],
  opts: { env?: Record<string, string>; input?: string; cwd?: string } = {},
): Promise<CliResult> {
  if (!existsSync(join(ROOT, 'dist/src/cli.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? tempDir('whip-core-cwd-'),
      env: cleanEnv({ WHIP_DATA_DIR: tempDir('whip-core-cli-data-'), ...opts.env }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 110_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Text that looks like a Node stack trace. */
export const STACK_TRACE = /^\s+at\s.+(\(|:\d+:\d+)/m;

/** The yes/no lane's reading of one sentence for a question, with the question's content words as what is asked. */
export function polarityOf(question: string, sentence: string) {
  const ws = words(question);
  return readPolarity({ words: ws }, sentence, new Set(ws.filter((w) => !isStopword(w)).map(stem))).polarity;
}
