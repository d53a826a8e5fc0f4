/**
 * End to end: the real bot, started the way a user starts it (`node bin/whip.js start` with DISCORD_TOKEN set),
 * against the loopback fake Discord (DISCORD_API_BASE). Needs the compiled bot: `npm run build` first
 * (`npm test` does). No network: the fake listens on 127.0.0.1 only.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type RecordedRequest, type VisibleReply } from '../fakes/discordFake.js';
import { stopProcess } from '../support/process.js';

const ROOT = process.env.WHIP_E2E_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'bin/whip.js');

let fake: FakeDiscord;
let dataDir: string;
let bot: ChildProcess | undefined;
let botStderr = '';
const children: ChildProcess[] = [];

/** The environment a user would set, and nothing from the developer's own .env leaking in. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
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
    LOG_LEVEL: 'info',
    ...(process.env.WHIP_KB_DIR ? { WHIP_KB_DIR: process.env.WHIP_KB_DIR } : {}),
    ...extra,
  };
}

function runWhip(args: string[], extraEnv: Record<string, string> = {}, timeoutMs = 60_000) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: env(extraEnv),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`whip ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

function embedsOf(r: VisibleReply): Record<string, unknown>[] {
  return (r.body.embeds as Record<string, unknown>[] | undefined) ?? [];
}

function textOf(r: VisibleReply): string {
  return JSON.stringify({ content: r.body.content, embeds: r.body.embeds });
}

function citationFields(r: VisibleReply): { name: string; value: string }[] {
  return embedsOf(r).flatMap((e) =>
    ((e.fields as { name: string; value: string }[] | undefined) ?? []).filter((f) => /^\[\d+\]/.test(f.name)),
  );
}

/** Every request that carries a message (content or embeds) — all must disable mentions. */
function messageRequests(): RecordedRequest[] {
  return fake.requests.filter((r) => {
    const b = r.body as { data?: Record<string, unknown> } & Record<string, unknown>;
    if (!b || typeof b !== 'object') return false;
    const m = r.path.endsWith('/callback') ? b.data : b;
    return Boolean(m && ('embeds' in m || 'content' in m));
  });
}

async function waitUntil(cond: () => boolean, timeoutMs: number, why: () => string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end || bot?.exitCode !== null) throw new Error(why());
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function ask(payload: ReturnType<FakeDiscord['slashCommand']>): Promise<VisibleReply> {
  return fake.waitForReply(fake.sendInteraction(payload), 20_000);
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/src/cli.js'))) {
    throw new Error(`the bot is not built (${join(ROOT, 'dist/src/cli.js')} missing): run \`npm run build\` first`);
  }
  fake = await FakeDiscord.start();
  dataDir = mkdtempSync(join(tmpdir(), 'whip-discord-e2e-'));
}, 30_000);

afterAll(async () => {
  for (const c of children) await stopProcess(c);
  await fake?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

describe('whip discord register', () => {
  it('registers the commands in the guild, then does nothing when unchanged', async () => {
    const first = await runWhip(['discord', 'register', '--guild', fake.guildId]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      new RegExp(`registered \\d+ commands in guild ${fake.guildId}: added ask, who, quote`),
    );
    const registered = fake.commands.get(fake.guildId) ?? [];
    expect(registered.map((c) => c.name)).toEqual(
      expect.arrayContaining(['ask', 'who', 'quote', 'profile', 'sources', 'help']),
    );
    const who = registered.find((c) => c.name === 'who') as { options: { name: string; autocomplete?: boolean }[] };
    expect(who.options[0]).toMatchObject({ name: 'role', autocomplete: true });
    const puts = () => fake.requests.filter((r) => r.method === 'PUT' && r.path.includes('/commands')).length;
    expect(puts()).toBe(1);

    const second = await runWhip(['discord', 'register', '--guild', fake.guildId]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/up to date; nothing registered/);
    expect(puts()).toBe(1);
    const gets = fake.requests.filter(
      (r) => r.method === 'GET' && r.path === `/applications/${fake.applicationId}/guilds/${fake.guildId}/commands`,
    );
    expect(gets).toHaveLength(2);
    expect(gets.every((r) => r.headers.authorization === `Bot ${fake.token}`)).toBe(true);
  }, 120_000);

  it('says in one line that the token was rejected', async () => {
    const r = await runWhip(['discord', 'register', '--guild', fake.guildId], { DISCORD_TOKEN: 'wrong.token.value' });
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/DISCORD_TOKEN was rejected \(401/)]);
    expect(r.stderr).not.toContain('wrong.token.value');
  }, 60_000);

  it('says in one line what is missing when DISCORD_APPLICATION_ID is not set', async () => {
    const r = await runWhip(['discord', 'register'], { DISCORD_APPLICATION_ID: '' });
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/DISCORD_APPLICATION_ID is required/)]);
  }, 60_000);
});

describe('whip start with DISCORD_TOKEN (the real bot on the fake Discord)', () => {
  beforeAll(async () => {
    bot = spawn(process.execPath, [BIN, 'start'], { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(bot);
    bot.stderr?.on('data', (d: Buffer) => {
      botStderr += d.toString();
    });
    bot.stdout?.resume();
    await fake.waitForIdentify(60_000);
    await waitUntil(
      () => botStderr.includes('discord connected'),
      60_000,
      () => `the bot did not connect:\n${botStderr}`,
    );
  }, 90_000);

  it('answers /ask question:"who is DPM under Lib-Lab?" with Nick Clegg and citations', async () => {
    const r = await ask(fake.slashCommand('ask', { question: 'who is DPM under Lib-Lab?' }));
    expect(r.ephemeral).toBe(false);
    expect(r.body.allowed_mentions).toEqual({ parse: [] });
    const e = embedsOf(r)[0] ?? {};
    expect(`${e.title} ${e.description}`).toMatch(/Nick Clegg|Clegg/);
    expect(citationFields(r).length).toBeGreaterThan(0);
    expect(citationFields(r)[0]?.value).toMatch(/^> “/);
    expect(JSON.stringify(r.body.components)).toMatch(/whip:sources:\d+/);
  }, 30_000);

  it('answers /who with the role and scenario options', async () => {
    const r = await ask(fake.slashCommand('who', { role: 'Deputy Prime Minister', scenario: 'lib-lab' }));
    expect(r.ephemeral).toBe(false);
    expect(textOf(r)).toMatch(/Clegg/);
  }, 30_000);

  it('answers /quote by speaker with quoted evidence', async () => {
    const r = await ask(fake.slashCommand('quote', { speaker: 'Miliband' }));
    expect(r.ephemeral).toBe(false);
    expect(embedsOf(r)[0]?.color).not.toBe(0xe74c3c);
    expect(textOf(r)).toMatch(/Miliband/);
    expect(textOf(r)).toMatch(/“/);
  }, 30_000);

  it('answers /profile for an entity', async () => {
    const r = await ask(fake.slashCommand('profile', { entity: 'Nick Clegg' }));
    expect(r.ephemeral).toBe(false);
    expect(textOf(r)).toMatch(/Clegg/);
    expect(textOf(r)).toMatch(/Deputy Prime Minister|Liberal Democrat|Lib Dem/);
  }, 30_000);

  it('autocompletes entity, role and scenario options from the knowledge base', async () => {
    const entity = await fake.waitForReply(
      fake.sendInteraction(fake.autocomplete('profile', { entity: 'Cle' }, 'entity')),
    );
    expect((entity.request.body as { type: number }).type).toBe(8);
    const choices = entity.body.choices as { name: string; value: string }[];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices.map((c) => c.name).join(' ')).toMatch(/Clegg/);
    for (const c of choices) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
    const role = await fake.waitForReply(fake.sendInteraction(fake.autocomplete('who', { role: 'Deputy' }, 'role')));
    expect(JSON.stringify(role.body.choices)).toMatch(/Deputy Prime Minister/i);
    const scenario = await fake.waitForReply(
      fake.sendInteraction(fake.autocomplete('who', { role: 'Deputy Prime Minister', scenario: 'lib' }, 'scenario')),
    );
    expect(JSON.stringify(scenario.body.choices)).toMatch(/lib/i);
  }, 30_000);

  it('shows the full sources ephemerally and stores 👍 feedback with the question', async () => {
    const answer = await ask(fake.slashCommand('ask', { question: 'who is DPM under Lib-Lab?' }));
    const questionId = Number(/whip:sources:(\d+)/.exec(JSON.stringify(answer.body.components))?.[1]);
    expect(questionId).toBeGreaterThan(0);

    const sources = await fake.waitForReply(fake.sendInteraction(fake.button(`whip:sources:${questionId}`)));
    expect(sources.ephemeral).toBe(true);
    expect(citationFields(sources).length).toBeGreaterThan(0);
    expect(sources.body.allowed_mentions).toEqual({ parse: [] });

    const thanks = await fake.waitForReply(
      fake.sendInteraction(
        fake.button(`whip:fb:up:${questionId}`, { user: { id: '281111111111111199', username: 'bob' } }),
      ),
    );
    expect(thanks.ephemeral).toBe(true);
    expect(String(thanks.body.content)).toMatch(/Thanks/);

    const db = new Database(join(dataDir, 'whip.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare('select question_id, vote, platform from feedback where question_id = ?').get(questionId);
      expect(row).toEqual({ question_id: questionId, vote: 1, platform: 'discord' });
      const q = db.prepare('select question, platform from questions where id = ?').get(questionId);
      expect(q).toEqual({ question: 'who is DPM under Lib-Lab?', platform: 'discord' });
    } finally {
      db.close();
    }
  }, 30_000);

  it('never pings: a hostile question with @everyone and a role mention', async () => {
    const r = await ask(
      fake.slashCommand('ask', { question: '@everyone <@&123456789012345678> @here who is DPM under Lib-Lab?' }),
    );
    expect(r.body.allowed_mentions).toEqual({ parse: [] });
    expect(textOf(r)).not.toMatch(/@everyone|@here|<@&\d/);
    const msgs = messageRequests();
    expect(msgs.length).toBeGreaterThan(5);
    for (const m of msgs) {
      const b = m.body as { data?: Record<string, unknown> } & Record<string, unknown>;
      const payload = m.path.endsWith('/callback') ? b.data : b;
      expect(payload?.allowed_mentions, `${m.method} ${m.path}`).toEqual({ parse: [] });
    }
  }, 30_000);

  it('still delivers the reply after a 500 from Discord', async () => {
    const rule = fake.fail({ method: 'PATCH', path: /^\/webhooks\//, status: 500, times: 1 });
    const r = await ask(fake.slashCommand('ask', { question: 'who is DPM under Lib-Lab?' }));
    expect(rule.hits).toBe(1);
    expect(textOf(r)).toMatch(/Clegg/);
  }, 30_000);

  it('shows an ephemeral error when Discord keeps failing, and keeps serving', async () => {
    const rule = fake.fail({ method: 'PATCH', path: /^\/webhooks\//, status: 500, times: 4 });
    const r = await ask(fake.slashCommand('ask', { question: 'who is DPM under Lib-Lab?' }));
    expect(rule.hits).toBe(4);
    expect(r.via).toBe('followup');
    expect(r.ephemeral).toBe(true);
    expect(String(r.body.content)).toMatch(/Sorry/);
    expect(botStderr).toMatch(/discord REST call failed/);
    expect(bot?.exitCode).toBeNull();
  }, 40_000);

  it('waits out a 429 with retry-after and still replies', async () => {
    const rule = fake.fail({ method: 'POST', path: /^\/interactions\//, status: 429, retryAfter: 1 });
    const i = fake.sendInteraction(fake.slashCommand('who', { role: 'Deputy Prime Minister', scenario: 'lib-lab' }));
    const r = await fake.waitForReply(i, 20_000);
    expect(rule.hits).toBe(1);
    expect(
      fake
        .requestsFor(i)
        .filter((x) => x.path.endsWith('/callback'))
        .map((x) => x.status),
    ).toEqual([429, 204]);
    expect(textOf(r)).toMatch(/Clegg/);
    expect(bot?.exitCode).toBeNull();
    // and the process keeps serving
    const next = await ask(fake.slashCommand('help', {}));
    expect(embedsOf(next).length).toBe(1);
  }, 40_000);

  it('never logs the token', () => {
    expect(botStderr).not.toContain(fake.token);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => bot?.once('exit', (code) => r(code)));
    bot?.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('still running'), 15_000))]);
    expect(code).toBe(0);
  }, 20_000);
});

describe('whip start with an invalid token', () => {
  it('prints one clear line and exits non-zero', async () => {
    const r = await runWhip(['start'], { DISCORD_TOKEN: 'invalid.token.value', WHIP_DATA_DIR: join(dataDir, 'bad') });
    expect(r.code).not.toBe(0);
    // Structured log lines (pino JSON) aside, the user sees exactly one line.
    const lines = r.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('{'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/DISCORD_TOKEN was rejected/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toContain('invalid.token.value');
  }, 60_000);
});
