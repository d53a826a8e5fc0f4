/**
 * A knowledge-base change made by one process reaches a running bot on PostgreSQL without a restart (issue #13):
 * a real `node bin/whip.js start` (empty WHIP_DATA_DIR, DATABASE_URL on the test PostgreSQL, the loopback fake
 * Slack) is asked about an article it does not have; a separate `node bin/whip.js ingest FILE` process adds the
 * article to the same database; the running bot notices through kb_version (checked every
 * WHIP_KB_RELOAD_SECONDS), rebuilds, and answers from the new article — retrieved through PostgreSQL's
 * tsvector/GIN index, since an instance on PostgreSQL holds no sentence index of its own. Then a one-shot
 * `whip ask` process on the same database answers it too.
 * No network: everything listens on 127.0.0.1.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/store/db.js';
import { kbVersion } from '../../src/store/sentenceIndex.js';
import { SlackFake } from '../fakes/slackFake.js';
import {
  BIN,
  BOT_TOKEN,
  eventBody,
  freePort,
  ROOT,
  requireBuild,
  SIGNING_SECRET,
  sendSigned,
} from '../slack/helpers.js';
import { usePostgres } from '../support/postgres.js';
import { stopProcess } from '../support/process.js';

const freshPostgres = usePostgres();
const ARTICLE = join(ROOT, 'tests/fixtures/articles/northern-arc-approved.md');
const QUESTION = 'How many jobs will the Northern Arc support?';
/** The bot checks kb_version every second (the smallest setting), so the test waits little for a reload. */
const RELOAD_SECONDS = '1';
/** Generous bounds for a loaded CI machine; nothing is asserted about how long anything took. */
const START_TIMEOUT_MS = 60_000;
const REPLY_TIMEOUT_MS = 20_000;
const PICKUP_TIMEOUT_MS = 30_000;
const FEEDBACK_SECRET = 'kb-propagation-test-secret-0123456789';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const slack = new SlackFake();
const dirs: string[] = [];
let dbUrl: string;
let db: Db;
let bot: ChildProcess | undefined;
let botErr = '';
let port: number;

function baseEnv(dataDir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: dbUrl,
    WHIP_FEEDBACK_SECRET: FEEDBACK_SECRET,
    WHIP_DATA_DIR: dataDir,
    WHIP_KB_DIR: join(ROOT, 'kb'),
  };
}

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

let asked = 0;
/** Mention the bot in a new thread and return the text of its reply there. */
async function ask(question: string): Promise<string> {
  asked += 1;
  const ts = `1700002000.${String(asked).padStart(6, '0')}`;
  const body = eventBody({
    type: 'app_mention',
    user: 'U0ASKER',
    text: `<@U0WHIPBOT> ${question}`,
    ts,
    channel: 'C0KB',
  });
  expect((await sendSigned(port, body, 'application/json')).status).toBe(200);
  const reply = await slack.waitFor(
    (r) => r.method === 'chat.postMessage' && r.body.thread_ts === ts && r.status === 200,
    REPLY_TIMEOUT_MS,
    `the reply to ${question}`,
  );
  return JSON.stringify(reply.body);
}

beforeAll(async () => {
  requireBuild();
  dbUrl = await freshPostgres();
  db = await openDatabase(dbUrl);
  await slack.start();
  port = await freePort();
  const dataDir = tempDir('whip-kbprop-data-');
  bot = spawn(process.execPath, [BIN, 'start'], {
    cwd: tempDir('whip-kbprop-cwd-'),
    env: {
      ...baseEnv(dataDir),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      WHIP_KB_RELOAD_SECONDS: RELOAD_SECONDS,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  bot.stderr?.on('data', (d: Buffer) => {
    botErr += d.toString();
  });
  bot.stdout?.resume();
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!botErr.includes('whip is running')) {
    if (bot.exitCode !== null || Date.now() > deadline) throw new Error(`the bot did not start:\n${botErr}`);
    await sleep(50);
  }
}, START_TIMEOUT_MS + 30_000);

afterAll(async () => {
  if (bot) await stopProcess(bot);
  await db?.destroy();
  await slack.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}, 30_000);

describe('KB changes across processes on PostgreSQL', () => {
  it(
    'a running bot answers about an article another process ingested, without a restart',
    async () => {
      // Before: the knowledge base has nothing about the Northern Arc.
      const before = await ask(QUESTION);
      expect(before).not.toMatch(/11,000/);
      expect(before).toMatch(/nothing about|no evidence|do not know|don.t know/i);
      const version = await kbVersion(db);

      // A separate process ingests the article into the same database.
      const ingest = spawn(process.execPath, [BIN, 'ingest', ARTICLE], {
        cwd: tempDir('whip-kbprop-ingest-'),
        env: { ...baseEnv(tempDir('whip-kbprop-ingest-data-')), LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      ingest.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
      });
      ingest.stderr?.on('data', (d: Buffer) => {
        out += d.toString();
      });
      const code = await new Promise<number | null>((resolve) => ingest.once('exit', resolve));
      expect(code, out).toBe(0);
      expect(out).toMatch(/1 added/);
      // The change counter moved in the ingesting process's transactions: that is what the bot watches.
      expect(await kbVersion(db)).toBeGreaterThan(version);

      // The same bot (same process, never restarted) now answers from the new article.
      const deadline = Date.now() + PICKUP_TIMEOUT_MS;
      let after = '';
      while (Date.now() < deadline) {
        after = await ask(QUESTION);
        if (/11,000/.test(after)) break;
        await sleep(500);
      }
      expect(after).toMatch(/11,000/);
      expect(after).toMatch(/Northern Arc/);
      expect(bot?.exitCode).toBeNull();
      expect(botErr).not.toMatch(/"level":50/);

      // A one-shot `whip ask` against the same database (its own process, its own empty data directory) answers
      // the same way: the CLI path reaches PostgreSQL retrieval through the ask handler too.
      const cli = spawn(process.execPath, [BIN, 'ask', QUESTION], {
        cwd: tempDir('whip-kbprop-ask-'),
        env: { ...baseEnv(tempDir('whip-kbprop-ask-data-')), LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let answer = '';
      cli.stdout?.on('data', (d: Buffer) => {
        answer += d.toString();
      });
      cli.stderr?.on('data', (d: Buffer) => {
        answer += d.toString();
      });
      expect(await new Promise<number | null>((resolve) => cli.once('exit', resolve)), answer).toBe(0);
      expect(answer).toMatch(/11,000/);
    },
    PICKUP_TIMEOUT_MS + 2 * REPLY_TIMEOUT_MS + 60_000,
  );
});
