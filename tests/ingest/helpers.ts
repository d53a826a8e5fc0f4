/**
 * Helpers for the ingestion tests: a temp store, a silent logger, and a loopback HTTP server (127.0.0.1:0) that
 * serves pages and feeds from a route table and records every request (so tests can check conditional GETs).
 * No test touches the network.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type NetPolicy, parseAllowHosts, type Resolver, systemResolver } from '../../src/ingest/netPolicy.js';
import { createLogger } from '../../src/log.js';
import { type Db, openDatabase, storeFile } from '../../src/store/db.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const FIXTURES = join(ROOT, 'tests/fixtures');
export const silentLog = createLogger('silent');
export const BIN = join(ROOT, 'bin/whip.js');

/** Run the built `whip` bin as a user would (async, so a loopback server in this process can answer it). */
export function whip(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env }, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? 1) : 0;
        resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
      },
    );
  });
}

export interface TempStore {
  dir: string;
  db: Db;
  close(): Promise<void>;
}

export async function tempStore(): Promise<TempStore> {
  const dir = mkdtempSync(join(tmpdir(), 'whip-ingest-'));
  const db = await openDatabase(storeFile(dir));
  return {
    dir,
    db,
    async close() {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface Loopback {
  base: string;
  /** `127.0.0.1:PORT`, the WHIP_FETCH_ALLOW_HOSTS entry that lets Whip fetch from this server (and only it). */
  host: string;
  routes: Map<string, Route>;
  requests: { path: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

export async function loopback(): Promise<Loopback> {
  const routes = new Map<string, Route>();
  const requests: Loopback['requests'] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, headers: req.headers });
    const route = routes.get(path.split('?')[0] ?? path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    Promise.resolve(route(req, res)).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    routes,
    requests,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

export const html =
  (body: string, headers: Record<string, string> = {}): Route =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body);
  };

export const status =
  (code: number): Route =>
  (_req, res) => {
    res.writeHead(code, { 'content-type': 'text/plain' }).end(`status ${code}`);
  };

/** Answers after `ms` (longer than the client's time limit in the timeout tests). */
export const slow =
  (ms: number, body = '<html><body><p>too late</p></body></html>'): Route =>
  (_req, res) => {
    const t = setTimeout(() => {
      if (!res.destroyed) res.writeHead(200, { 'content-type': 'text/html' }).end(body);
    }, ms);
    res.on('close', () => clearTimeout(t));
  };

/** A feed with ETag / Last-Modified that answers 304 to a matching conditional GET. */
export function feedRoute(get: () => string, etag: () => string, type = 'application/rss+xml'): Route {
  const lastModified = 'Tue, 10 Jun 2025 09:00:00 GMT';
  return (req, res) => {
    const tag = `"${etag()}"`;
    if (req.headers['if-none-match'] === tag) {
      res.writeHead(304, { etag: tag, 'last-modified': lastModified }).end();
      return;
    }
    res
      .writeHead(200, { 'content-type': `${type}; charset=utf-8`, etag: tag, 'last-modified': lastModified })
      .end(get());
  };
}

/** A feed fixture with {{BASE}} replaced by the loopback server's base URL. */
export function feedFixture(name: string, base: string): string {
  return readFileSync(join(FIXTURES, 'feeds', name), 'utf8').replaceAll('{{BASE}}', base);
}

/** A realistic article page (header, nav, article with metadata, aside, footer). */
export function articlePage(a: {
  title: string;
  paragraphs: string[];
  published?: string;
  site?: string;
  author?: string;
  canonical?: string;
}): string {
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${a.title}${a.site ? ` | ${a.site}` : ''}</title>
${a.canonical ? `<link rel="canonical" href="${a.canonical}">` : ''}
<meta property="og:title" content="${a.title}">
${a.site ? `<meta property="og:site_name" content="${a.site}">` : ''}
${a.published ? `<meta property="article:published_time" content="${a.published}">` : ''}
${a.author ? `<meta name="author" content="${a.author}">` : ''}
</head><body><header><nav><a href="/">Home</a> | <a href="/politics">Politics</a> | <a href="/sport">Sport</a></nav></header>
<main><article><h1>${a.title}</h1>${a.paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article>
<aside><h2>Most read</h2><ul><li><a href="/x">Ten walks for the weekend</a></li></ul></aside></main>
<footer><p>© 2025 ${a.site ?? 'A newspaper'}</p></footer></body></html>`;
}

/** A fetch policy that allows exactly these loopback servers (WHIP_FETCH_ALLOW_HOSTS=127.0.0.1:PORT,…). */
export function allowOnly(servers: Loopback[], resolve: Resolver = systemResolver): NetPolicy {
  return { allowHosts: parseAllowHosts(servers.map((s) => s.host).join(',')), resolve };
}
