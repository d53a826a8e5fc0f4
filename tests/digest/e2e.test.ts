/**
 * End to end: the real bot (`node bin/whip.js start` with DISCORD_TOKEN set) on the loopback fake Discord, with
 * WHIP_SCHEDULER_TICK_SECONDS=1. A channel manager subscribes through a /digest interaction with an every-minute
 * cron; exactly one digest arrives at the fake channel within the minute, and the next slot (nothing new) posts
 * nothing. Needs the compiled bot: `npm run build` first (`npm test` does). No network: 127.0.0.1 only.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, PERMISSIONS, type RecordedRequest } from '../fakes/discordFake.js';
import { stopProcess } from '../support/process.js';

const ROOT = process.env.WHIP_E2E_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'bin/whip.js');

let fake: FakeDiscord;
let dataDir: string;
let bot: ChildProcess | undefined;
let stderr = '';

interface LedgerRow {
  slot: string;
  state: string;
  message_id: string | null;
  reason: string | null;
}

function ledger(): LedgerRow[] {
  const db = new Database(join(dataDir, 'whip.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('select slot, state, message_id, reason from digest_deliveries order by id').all() as LedgerRow[];
  } finally {
    db.close();
  }
}

async function waitUntil(cond: () => boolean, timeoutMs: number, why: () => string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end || bot?.exitCode !== null) throw new Error(why());
    await new Promise((r) => setTimeout(r, 100));
  }
}

const channelPosts = (): RecordedRequest[] =>
  fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${fake.channelId}/messages`);

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/src/cli.js'))) {
    throw new Error(`the bot is not built (${join(ROOT, 'dist/src/cli.js')} missing): run \`npm run build\` first`);
  }
  fake = await FakeDiscord.start();
  dataDir = mkdtempSync(join(tmpdir(), 'whip-digest-e2e-'));
  bot = spawn(process.execPath, [BIN, 'start'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_BASE: fake.apiBase,
      DISCORD_GUILD_ID: '',
      SLACK_BOT_TOKEN: '',
      SLACK_APP_TOKEN: '',
      SLACK_SIGNING_SECRET: '',
      WHIP_DATA_DIR: dataDir,
      WHIP_SCHEDULER_TICK_SECONDS: '1',
      LOG_LEVEL: 'info',
      ...(process.env.WHIP_KB_DIR ? { WHIP_KB_DIR: process.env.WHIP_KB_DIR } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  bot.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  bot.stdout?.resume();
  await fake.waitForIdentify(60_000);
  await waitUntil(
    () => stderr.includes('digest scheduler started') && stderr.includes('whip is running'),
    60_000,
    () => `the bot did not start its digest scheduler:\n${stderr}`,
  );
}, 90_000);

afterAll(async () => {
  if (bot) await stopProcess(bot, 10_000);
  await fake?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

describe('digests on the real bot with the fake Discord', () => {
  it('refuses /digest subscribe to a member without Manage Channels', async () => {
    const sent = fake.sendInteraction(
      fake.slashCommand(
        'digest',
        { schedule: '* * * * *' },
        { subcommand: 'subscribe', permissions: PERMISSIONS.member },
      ),
    );
    const r = await fake.waitForReply(sent, 20_000);
    expect(r.ephemeral).toBe(true);
    expect(JSON.stringify(r.body)).toContain('only people who can manage this channel');
    expect(ledger()).toEqual([]);
  }, 30_000);

  it('subscribes with an every-minute cron; exactly one digest arrives within the minute, once', async () => {
    const sent = fake.sendInteraction(
      fake.slashCommand(
        'digest',
        { schedule: '* * * * *', timezone: 'Europe/London' },
        { subcommand: 'subscribe', permissions: PERMISSIONS.manageChannels },
      ),
    );
    const reply = await fake.waitForReply(sent, 20_000);
    const text = JSON.stringify(reply.body);
    expect(reply.ephemeral).toBe(true);
    expect(text).toContain('Digest subscribed');
    expect(text).toContain('Next runs');

    // The next minute boundary, plus jitter (< 1 s with a 1-s tick) and a tick: well within 70 s.
    const post = await fake.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/channels/${fake.channelId}/messages` && r.status === 200,
      70_000,
      'digest post to the channel',
    );
    const body = JSON.stringify(post.body);
    expect(body).toContain('Digest');
    expect(body).toContain('Ed Miliband would let Nick Clegg keep his job in Lib-Lab pact');
    expect((post.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });

    // The bot records the outcome right after Discord answers.
    await waitUntil(
      () => ledger()[0]?.state !== 'pending',
      10_000,
      () => `the post was not recorded:\n${JSON.stringify(ledger())}`,
    );
    const first = ledger();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ state: 'sent' });
    expect(first[0]?.message_id).toMatch(/^\d+$/);

    // The following slot has nothing new (when_empty skip): recorded as skipped, nothing posted.
    await waitUntil(
      () => ledger().length >= 2 && ledger()[1]?.state !== 'pending',
      75_000,
      () => `no second slot in the ledger:\n${JSON.stringify(ledger())}\n${stderr.slice(-2000)}`,
    );
    const rows = ledger();
    expect(rows[1]).toMatchObject({ state: 'skipped', reason: 'nothing new' });
    expect(Date.parse(rows[1]?.slot as string) - Date.parse(rows[0]?.slot as string)).toBe(60_000);
    expect(channelPosts()).toHaveLength(1);
  }, 180_000);
});
