/**
 * The running bot picks up new articles without a restart: the reloader rebuilds the engine when the store's
 * lastChange() moves and swaps services.engine (replaced, not mutated); the reload job does it on its own.
 * And the admin-only `feeds` chat command, through the real dispatcher.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { consoleCaller } from '../../src/adapters/console/repl.js';
import type { RunningAdapter } from '../../src/adapters/types.js';
import { closeServices, createServices } from '../../src/bootstrap.js';
import { parseConfig } from '../../src/config.js';
import { dispatch } from '../../src/core/commands/dispatch.js';
import type { CommandContext } from '../../src/core/commands/spec.js';
import type { Services } from '../../src/core/services.js';
import { ingestSources } from '../../src/ingest/ingest.js';
import { startIngestJobs } from '../../src/ingest/jobs.js';
import { KnowledgeReloader } from '../../src/ingest/reload.js';
import { articlePage, FIXTURES, feedFixture, feedRoute, html, type Loopback, loopback, silentLog } from './helpers.js';

const ARTICLE = join(FIXTURES, 'articles', 'northern-arc-approved.md');
const dirs: string[] = [];
const open: Services[] = [];

async function services(env: Record<string, string> = {}): Promise<Services> {
  const dir = mkdtempSync(join(tmpdir(), 'whip-reload-'));
  dirs.push(dir);
  const s = await createServices(parseConfig({ WHIP_DATA_DIR: dir, LOG_LEVEL: 'silent', ...env }), { log: silentLog });
  open.push(s);
  return s;
}

afterAll(async () => {
  for (const s of open) await closeServices(s);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const ids = (s: Services) => s.engine.k.articles.map((a) => a.id);

describe('KnowledgeReloader', () => {
  it('swaps in a new engine when articles change, leaving the old one intact', async () => {
    const s = await services();
    const reloader = new KnowledgeReloader(s);
    await reloader.init();
    expect(await reloader.check()).toBe(false);
    const before = s.engine;
    const n = before.k.articles.length;
    const [o] = await ingestSources([ARTICLE], { db: s.db, timeoutMs: 1000 });
    expect(o?.ok).toBe(true);
    expect(await reloader.check()).toBe(true);
    expect(s.engine).not.toBe(before);
    expect(before.k.articles.length).toBe(n);
    expect(ids(s)).toContain((o as { id: string }).id);
    expect(s.engine.sources().text).toContain(`[${(o as { id: string }).id}]`);
    expect(await reloader.check()).toBe(false);
  }, 60_000);

  it('a failed rebuild keeps the current engine', async () => {
    const s = await services();
    const reloader = new KnowledgeReloader(s, {
      load: async () => {
        throw new Error('disk on fire');
      },
    });
    await reloader.init();
    const before = s.engine;
    await ingestSources([ARTICLE], { db: s.db, timeoutMs: 1000 });
    expect(await reloader.check()).toBe(false);
    expect(s.engine).toBe(before);
  }, 60_000);
});

describe('the reload job', () => {
  let jobs: RunningAdapter[] = [];
  afterEach(async () => {
    for (const j of jobs.reverse()) await j.stop();
    jobs = [];
  });

  it('picks up an article ingested by another process without a restart', async () => {
    const s = await services({ WHIP_KB_RELOAD_SECONDS: '1' });
    jobs = await startIngestJobs(s, { tickMs: 60_000 });
    expect(jobs.map((j) => j.name)).toEqual(['kb-reload', 'feeds', 'question-log-retention']);
    expect(s.reloadKnowledge).toBeTypeOf('function');
    // "Another process": a separate connection to the same SQLite file.
    const { openDatabase, storeFile } = await import('../../src/store/db.js');
    const other = await openDatabase(storeFile(s.config.WHIP_DATA_DIR));
    const [o] = await ingestSources([ARTICLE], { db: other, timeoutMs: 1000 });
    await other.destroy();
    const id = (o as { id: string }).id;
    const deadline = Date.now() + 15_000;
    while (!ids(s).includes(id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(ids(s)).toContain(id);
  }, 60_000);
});

describe('feed polling in the running bot', () => {
  it('reloads the engine as soon as the poller ingests new items (no waiting for the reload interval)', async () => {
    const server = await loopback();
    let version = 'politics-rss.xml';
    server.routes.set(
      '/rss',
      feedRoute(
        () => feedFixture(version, server.base),
        () => version,
      ),
    );
    server.routes.set(
      '/politics/walsall-hospital',
      html(
        articlePage({
          title: 'Minister rules out Walsall hospital closure',
          paragraphs: [
            'The health minister, Simon Achebe, has ruled out closing the Manor Hospital in Walsall, after campaigners warned that its accident and emergency department was at risk.',
            'Mr Achebe said: “The Manor is not closing. I want to be absolutely clear about that.”',
          ],
        }),
      ),
    );
    const s = await services({
      WHIP_KB_RELOAD_SECONDS: '3600',
      WHIP_FEED_POLL_MINUTES: '15',
      WHIP_FETCH_ALLOW_HOSTS: server.host,
    });
    const admin = consoleCaller(s);
    await dispatch(s.commands, { command: 'feeds', subcommand: 'add', args: { url: `${server.base}/rss` } }, admin);
    version = 'politics-rss-updated.xml';
    const later = () => new Date(Date.now() + 16 * 60_000);
    const jobs = await startIngestJobs(s, { now: later, tickMs: 50 });
    try {
      const deadline = Date.now() + 30_000;
      while (s.engine.k.articles.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(s.engine.k.articles.map((a) => a.title)).toEqual(
        expect.arrayContaining([
          'Mayor of the West Midlands unveils £1.2bn housing fund',
          'Minister rules out Walsall hospital closure',
        ]),
      );
    } finally {
      for (const j of jobs.reverse()) await j.stop();
      await server.close();
    }
  }, 60_000);
});

describe('the feeds chat command', () => {
  let server: Loopback;
  beforeAll(async () => {
    server = await loopback();
    server.routes.set(
      '/rss',
      feedRoute(
        () => feedFixture('politics-rss.xml', server.base),
        () => 'v1',
      ),
    );
  });
  afterAll(async () => {
    await server.close();
  });

  it('is for administrators only, on every subcommand', async () => {
    const s = await services();
    const member: CommandContext = {
      ...consoleCaller(s),
      platform: 'discord',
      caller: { id: 'u1', isAdmin: false, canManageChannel: true },
    };
    for (const [sub, args] of [
      ['add', { url: `${server.base}/rss` }],
      ['list', {}],
      ['remove', { url: `${server.base}/rss` }],
    ] as const) {
      const r = await dispatch(s.commands, { command: 'feeds', subcommand: sub, args }, member);
      expect(r.kind, sub).toBe('error');
      expect(r.text).toMatch(/only administrators/);
    }
    expect(await s.db.selectFrom('feeds').selectAll().execute()).toEqual([]);
    expect(server.requests).toEqual([]);
  });

  it('adds (seeding silently), lists and removes feeds', async () => {
    const s = await services({ WHIP_FETCH_ALLOW_HOSTS: server.host });
    const admin = consoleCaller(s);
    const url = `${server.base}/rss`;
    const added = await dispatch(s.commands, { command: 'feeds', subcommand: 'add', args: { url } }, admin);
    expect(added.kind).toBe('info');
    expect(added.text).toMatch(/Following .*The Midlands Herald.*3 current items are recorded as seen, not ingested/);
    const list = await dispatch(s.commands, { command: 'feeds', subcommand: 'list', args: {} }, admin);
    expect(list.title).toBe('Feeds (1)');
    expect(list.text).toContain(`${url} — The Midlands Herald – Politics — ok; 3 items seen, 0 ingested`);
    const bad = await dispatch(
      s.commands,
      { command: 'feeds', subcommand: 'add', args: { url: `${server.base}/missing` } },
      admin,
    );
    expect(bad).toMatchObject({ kind: 'error', text: `Cannot add ${server.base}/missing: HTTP 404 Not Found` });
    const removed = await dispatch(s.commands, { command: 'feeds', subcommand: 'remove', args: { url } }, admin);
    expect(removed.kind).toBe('info');
    const again = await dispatch(s.commands, { command: 'feeds', subcommand: 'remove', args: { url } }, admin);
    expect(again.kind).toBe('error');
  });
});
