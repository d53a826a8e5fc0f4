/**
 * Helpers for the Slack end-to-end tests: sign requests the way Slack does (v0 HMAC), build slash-command,
 * event and block_actions bodies, and start THE REAL BOT (`node bin/whip.js start`) against the loopback fake.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stopProcess } from '../support/process.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/whip.js');
export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xox' + 'b-test-0000-whip';

export function requireBuild(): void {
  if (!existsSync(join(ROOT, 'dist/src/cli.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  }
}

/** Slack's v0 signature of a raw body. */
export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export interface SendOptions {
  secret?: string;
  timestamp?: number;
  /** Override the signature header (bad-signature tests). */
  signatureOverride?: string;
}

/** POST a signed body to the bot's /slack/events; returns status and text. */
export async function sendSigned(
  port: number,
  body: string,
  contentType: 'application/x-www-form-urlencoded' | 'application/json',
  opts: SendOptions = {},
): Promise<{ status: number; text: string }> {
  const ts = opts.timestamp ?? nowSeconds();
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': opts.signatureOverride ?? signature(opts.secret ?? SIGNING_SECRET, ts, body),
    },
    body,
  });
  return { status: res.status, text: await res.text() };
}

export function slashBody(text: string, responseUrl: string, extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T0FAKE',
    team_domain: 'fake',
    channel_id: 'C0GENERAL',
    channel_name: 'general',
    user_id: 'U0ASKER',
    user_name: 'asker',
    command: '/whip',
    text,
    api_app_id: 'A0WHIP',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: '1111.2222.3333',
    ...extra,
  }).toString();
}

let eventCounter = 0;
/** An Events API body; `teamId`/`botUserId`: the workspace it comes from (an OAuth app has many). */
export function eventBody(event: Record<string, unknown>, teamId = 'T0FAKE', botUserId = 'U0WHIPBOT'): string {
  eventCounter += 1;
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: teamId,
    api_app_id: 'A0WHIP',
    type: 'event_callback',
    event_id: `Ev${Date.now()}${eventCounter}`,
    event_time: nowSeconds(),
    authorizations: [{ team_id: teamId, user_id: botUserId, is_bot: true, is_enterprise_install: false }],
    event: { event_ts: event.ts, ...event },
  });
}

export function actionBody(actionId: string, value: string, responseUrl: string, userId = 'U0VOTER'): string {
  const payload = {
    type: 'block_actions',
    user: { id: userId, username: 'voter', team_id: 'T0FAKE' },
    api_app_id: 'A0WHIP',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: '1700000000.000001', channel_id: 'C0GENERAL', is_ephemeral: false },
    trigger_id: '1111.2222.4444',
    team: { id: 'T0FAKE', domain: 'fake' },
    channel: { id: 'C0GENERAL', name: 'general' },
    response_url: responseUrl,
    actions: [
      {
        action_id: actionId,
        block_id: `whip_actions_${value}`,
        value,
        type: 'button',
        text: { type: 'plain_text', text: 'x' },
        action_ts: `${nowSeconds()}.000100`,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

export interface BotProcess {
  child: ChildProcess;
  port: number;
  dataDir: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  stop: () => Promise<void>;
}

/** The environment a user would set, and nothing else from ours (no stray DISCORD_TOKEN, no .env). */
export function botEnv(apiUrl: string, port: number, dataDir: string, extra: Record<string, string> = {}) {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: apiUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    WHIP_DATA_DIR: dataDir,
    WHIP_KB_DIR: join(ROOT, 'kb'),
    ...extra,
  };
}

/** Spawn `node bin/whip.js start` in a temp directory (so no .env is read). */
export function spawnBot(env: Record<string, string>, args = ['start']): BotProcess {
  const cwd = mkdtempSync(join(tmpdir(), 'whip-slack-cwd-'));
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    port: Number(env.PORT),
    dataDir: env.WHIP_DATA_DIR ?? '',
    stdout: () => out,
    stderr: () => err,
    exited,
    stop: () => stopProcess(child),
  };
}

/** Start the real bot on a free port with a fresh data directory and wait until it is ready. */
export async function startBot(apiUrl: string, extra: Record<string, string> = {}): Promise<BotProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'whip-slack-data-'));
  const bot = spawnBot(botEnv(apiUrl, port, dataDir, extra));
  await waitReady(bot);
  return bot;
}

/** Wait until the bot answers GET /healthz, or fail with its stderr if it exits first. */
export async function waitReady(bot: BotProcess, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void bot.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`bot exited before it was ready:\n${bot.stderr()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`bot not ready after ${timeoutMs} ms:\n${bot.stderr()}`);
}

/** Non-JSON stderr lines (pino writes JSON; anything else is what a person reads). */
export function humanLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('{'));
}
