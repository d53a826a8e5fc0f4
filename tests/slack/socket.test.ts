/**
 * Socket Mode end to end: `node bin/whip.js start` with SLACK_APP_TOKEN opens a Socket Mode connection through
 * SLACK_API_URL (apps.connections.open on the loopback fake), acks envelopes, and answers like HTTP mode.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackFake } from '../fakes/slackFake.js';
import { type BotProcess, botEnv, freePort, humanLines, requireBuild, spawnBot } from './helpers.js';

const fake = new SlackFake();
let bot: BotProcess;

beforeAll(async () => {
  requireBuild();
  await fake.start();
  const env: Record<string, string> = botEnv(fake.apiUrl, await freePort(), mkdtempSync(join(tmpdir(), 'whip-sm-')), {
    SLACK_APP_TOKEN: 'xapp-1-test-socket',
  });
  delete env.SLACK_SIGNING_SECRET;
  bot = spawnBot(env);
  await Promise.race([
    fake.waitForSocket(45_000),
    bot.exited.then(() => {
      throw new Error(`bot exited:\n${bot.stderr()}`);
    }),
  ]);
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await fake.stop();
});

describe('Slack Socket Mode end to end', { timeout: 30_000 }, () => {
  it('opened the connection with the app token through SLACK_API_URL', () => {
    const open = fake.calls('apps.connections.open');
    expect(open.length).toBe(1);
    expect(open[0]?.token).toBe('xapp-1-test-socket');
  });

  it('acks a /whip envelope with the answer as its payload', async () => {
    const ack = await fake.sendEnvelope('slash_commands', {
      team_id: 'T0FAKE',
      channel_id: 'C0SOCKET',
      user_id: 'U0ASKER',
      command: '/whip',
      text: 'who is DPM under Lib-Lab?',
      api_app_id: 'A0WHIP',
      response_url: fake.responseUrl('socket-dpm'),
      trigger_id: '1.2.3',
    });
    expect(ack.envelope_id).toMatch(/^env-/);
    // The answer was ready within the inline budget, so it rides in the ack (Socket Mode's `payload`).
    const payload = ack.payload as { response_type?: string; text?: string; blocks?: unknown[] };
    expect(payload.response_type).toBe('in_channel');
    expect(JSON.stringify(payload)).toMatch(/Clegg/);
    expect(payload.blocks?.length).toBeGreaterThan(1);
  });

  it('answers an app_mention envelope in a thread', async () => {
    await fake.sendEnvelope('events_api', {
      team_id: 'T0FAKE',
      api_app_id: 'A0WHIP',
      type: 'event_callback',
      event_id: 'EvSOCKET1',
      event_time: 1,
      event: {
        type: 'app_mention',
        user: 'U0ASKER',
        text: '<@U0WHIPBOT> who is DPM under Lib-Lab?',
        ts: '1700000900.000001',
        channel: 'C0SOCKET',
        event_ts: '1700000900.000001',
      },
    });
    const r = await fake.waitFor(
      (x) => x.method === 'chat.postMessage' && x.body.thread_ts === '1700000900.000001' && x.status === 200,
      20_000,
      'the threaded answer',
    );
    expect(JSON.stringify(r.body)).toMatch(/Clegg/);
  });
});

describe('Socket Mode start-up failure', { timeout: 60_000 }, () => {
  it('a rejected SLACK_APP_TOKEN: one clear line and a non-zero exit', async () => {
    const badFake = await new SlackFake().start();
    badFake.invalidAppToken = true;
    const env: Record<string, string> = botEnv(
      badFake.apiUrl,
      await freePort(),
      mkdtempSync(join(tmpdir(), 'whip-sm-bad-')),
      {
        SLACK_APP_TOKEN: 'xapp-1-revoked',
      },
    );
    delete env.SLACK_SIGNING_SECRET;
    const b = spawnBot(env);
    try {
      const code = await Promise.race([
        b.exited,
        new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 45_000)),
      ]);
      expect(code, b.stderr()).not.toBe('timeout');
      expect(code).not.toBe(0);
      const lines = humanLines(b.stderr());
      expect(lines, b.stderr()).toHaveLength(1);
      expect(lines[0]).toMatch(/SLACK_APP_TOKEN.*invalid_auth/);
      expect(b.stderr()).not.toContain('xapp-1-revoked');
    } finally {
      await b.stop();
      await badFake.stop();
    }
  });
});
