/**
 * Crash safety with real processes: a scheduler process is SIGKILLed between claim and post (or in the middle
 * of a post), then a new process starts on the same store. Exactly one post per slot reaches the "channel".
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DigestStore } from '../../src/digest/store.js';
import { openDatabase, storeFile } from '../../src/store/db.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const CHILD = join(HERE, 'crashChild.ts');
const SLOT = '2026-01-05T08:00:00.000Z';

let dir: string;
let postsFile: string;

function runChild(mode: string, nowIso: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, dir, mode, postsFile, nowIso], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

function posts(): string[] {
  return existsSync(postsFile) ? readFileSync(postsFile, 'utf8').split('\n').filter(Boolean) : [];
}

async function withStore<T>(fn: (s: DigestStore) => Promise<T>): Promise<T> {
  const db = await openDatabase(storeFile(dir));
  try {
    return await fn(new DigestStore(db));
  } finally {
    await db.destroy();
  }
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'whip-digest-crash-'));
  postsFile = join(dir, 'channel.log');
  await withStore((s) =>
    s.subscribe(
      {
        platform: 'discord',
        workspaceId: '999999999999999999',
        channelId: '111111111111111111',
        schedule: 'daily 08:00',
        cron: '0 8 * * *',
        timezone: 'Europe/London',
        whenEmpty: 'skip',
        createdBy: 'u1',
        nextRunAt: SLOT,
      },
      Date.parse('2026-01-05T07:00:00Z'),
    ),
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('crash safety (real processes, SIGKILL)', () => {
  it('killed between claim and post, restarted: exactly one post for the slot', { timeout: 120_000 }, async () => {
    const killed = runChild('afterClaim', '2026-01-05T08:00:01Z');
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(posts()).toEqual([]);
    const pending = await withStore((s) => s.allDeliveries());
    expect(pending).toMatchObject([{ slot: SLOT, state: 'pending', attempt_started_at: null }]);

    // Restart after the claim's lease (2 s) ran out, well within the grace period.
    const restarted = runChild('normal', '2026-01-05T08:00:10Z');
    expect(restarted.status, restarted.stderr).toBe(0);
    const again = runChild('normal', '2026-01-05T08:00:20Z');
    expect(again.status, again.stderr).toBe(0);

    expect(posts()).toEqual([`111111111111111111 whip-digest:1:${SLOT}`]);
    const rows = await withStore((s) => s.allDeliveries());
    expect(rows).toMatchObject([{ slot: SLOT, state: 'sent', attempts: 1 }]);
  });

  it('killed in the middle of a post, restarted: the slot is not posted a second time', {
    timeout: 120_000,
  }, async () => {
    const killed = runChild('midPost', '2026-01-05T08:00:01Z');
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(posts()).toHaveLength(1);

    const restarted = runChild('normal', '2026-01-05T08:00:10Z');
    expect(restarted.status, restarted.stderr).toBe(0);
    expect(posts()).toHaveLength(1);
    const rows = await withStore((s) => s.allDeliveries());
    expect(rows).toHaveLength(1);
    expect(rows[0]?.state).toBe('failed');
    expect(rows[0]?.reason).toMatch(/^interrupted: .*not re-posted/);
  });
});
