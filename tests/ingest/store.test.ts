/**
 * The store under hardening (issue #14): two `whip ingest` processes writing at once lose nothing (transactions
 * begin IMMEDIATE), an impossible data directory fails with one line instead of spinning, and the data directory
 * and database file are private to the bot's user.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, storeFile } from '../../src/store/db.js';
import { whip } from './helpers.js';

/** Sources per process: enough that the two writers overlap for many transactions. */
const FILES_PER_PROCESS = 120;

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'whip-store-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const PLACES = ['Leeds', 'Bristol', 'Norwich', 'Carlisle', 'Swansea', 'Dundee', 'Exeter', 'Hull'];

function writeArticles(dir: string, prefix: string, n: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) {
    const place = PLACES[i % PLACES.length];
    writeFileSync(
      join(dir, `${prefix}-${i}.md`),
      `---\ntitle: ${place} council ${prefix} budget vote number ${i}\npublished: 2025-0${(i % 9) + 1}-1${i % 10}\n---\n\n` +
        `${place} City Council voted on Tuesday to approve budget plan ${prefix}-${i}, which the council leader said would protect libraries and bus routes.\n\n` +
        `Opposition councillors said the plan ${prefix}-${i} relied on reserves that would run out within three years, and called for a review of spending.\n`,
    );
  }
}

describe('concurrent writers', () => {
  it('two `whip ingest` runs at once: every source of both is stored, none fails', async () => {
    const dataDir = join(root, 'data');
    // Create and migrate the store first, as a running bot would have.
    await (await openDatabase(storeFile(dataDir))).destroy();
    writeArticles(join(root, 'a'), 'a', FILES_PER_PROCESS);
    writeArticles(join(root, 'b'), 'b', FILES_PER_PROCESS);
    const env = { WHIP_DATA_DIR: dataDir };
    const [a, b] = await Promise.all([
      whip(['ingest', '--json', join(root, 'a')], env),
      whip(['ingest', '--json', join(root, 'b')], env),
    ]);
    const failures = [a, b].flatMap((r) =>
      r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { ok: boolean; error?: string })
        .filter((o) => !o.ok)
        .map((o) => o.error),
    );
    expect(failures).toEqual([]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const db = await openDatabase(storeFile(dataDir));
    try {
      const n = await db.selectFrom('articles').select('id').where('origin', '=', 'ingested').execute();
      expect(n).toHaveLength(2 * FILES_PER_PROCESS);
    } finally {
      await db.destroy();
    }
  }, 300_000);
});

describe('data directory', () => {
  it('an impossible data directory fails with one line (no endless mkdir)', async () => {
    const r = await whip(['sources'], { WHIP_DATA_DIR: '/proc/nonexistent/whip' });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^store: cannot create the data directory \/proc\/nonexistent\/whip \(/),
    ]);
  }, 130_000);

  it('the data directory is created 0700 and the database file 0600', async () => {
    const dir = join(root, 'private', 'nested');
    await (await openDatabase(storeFile(dir))).destroy();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, 'private')).mode & 0o777).toBe(0o700);
    expect(statSync(storeFile(dir)).mode & 0o777).toBe(0o600);
  });
});

describe('whip ingest output', () => {
  it('a failed source prints only its human line (no JSON log) and each source is printed', async () => {
    const dataDir = join(root, 'out');
    const dir = join(root, 'out-src');
    writeArticles(dir, 'c', 2);
    const missing = join(root, 'missing.md');
    const r = await whip(['ingest', join(dir, 'c-0.md'), missing, join(dir, 'c-1.md')], {
      WHIP_DATA_DIR: dataDir,
      LOG_LEVEL: 'info', // the default (the test helper sets warn)
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([`ingest: ${missing}: no such file`]);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(' ')[0]),
    ).toEqual(['added', 'added', 'ingest:']);
  }, 120_000);
});
