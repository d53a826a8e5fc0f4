/**
 * How a slash command's answer travels: inside the ack when it is ready within the budget, otherwise an empty ack
 * in time and the answer through response_url (with its 429 retry). Real Bolt app (startSlack) in this process,
 * signed requests, the loopback fake Slack; the stub engine keeps the answers predictable.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SlackAdapter, startSlack } from '../../src/adapters/slack/index.js';
import type { Services } from '../../src/core/services.js';
import { SlackFake } from '../fakes/slackFake.js';
import { stubServices } from '../fakes/stubServices.js';
import { BOT_TOKEN, SIGNING_SECRET, sendSigned, slashBody } from './helpers.js';

const FORM = 'application/x-www-form-urlencoded' as const;
const fake = new SlackFake();
let services: Services;
let cleanup: () => Promise<void>;
let slack: SlackAdapter | undefined;

beforeAll(async () => {
  await fake.start();
  ({ services, cleanup } = await stubServices({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
  }));
});

afterEach(async () => {
  await slack?.stop();
  slack = undefined;
  fake.delay('users.info', 0);
});

afterAll(async () => {
  await cleanup();
  await fake.stop();
});

const start = async (inlineBudgetMs?: number) => {
  slack = await startSlack(services, { port: 0, host: '127.0.0.1', inlineBudgetMs });
  return slack.port as number;
};

describe('slash command answers: in the ack, or through response_url', { timeout: 20_000 }, () => {
  it('answers inside the ack when the answer is ready in time, and posts nothing else', async () => {
    const port = await start();
    const res = await sendSigned(port, slashBody('who is DPM under Lib-Lab?', fake.responseUrl('inline')), FORM);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as { response_type: string; text: string; blocks: unknown[] };
    expect(body.response_type).toBe('in_channel');
    expect(body.text).toMatch(/Clegg/);
    expect(body.blocks.length).toBeGreaterThan(1);
    // An ephemeral reply (help) is ephemeral in the ack too.
    const help = JSON.parse((await sendSigned(port, slashBody('help', fake.responseUrl('h')), FORM)).text);
    expect(help.response_type).toBe('ephemeral');
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.requests.filter((r) => r.method === 'response_url')).toEqual([]);
  });

  it('with no inline budget: an empty ack, then the answer at response_url, retried after a 429', async () => {
    const port = await start(0);
    fake.rateLimit('response_url', 1, 1);
    const res = await sendSigned(port, slashBody('who is DPM under Lib-Lab?', fake.responseUrl('later')), FORM);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const posted = await fake.waitFor(
      (r) => r.path === '/response/later' && r.status === 200,
      10_000,
      'the answer at response_url',
    );
    expect(posted.body.response_type).toBe('in_channel');
    expect(String(posted.body.text)).toMatch(/Clegg/);
    expect(fake.requests.filter((r) => r.path === '/response/later').map((r) => r.status)).toEqual([429, 200]);
  });

  it('a slow answer (Slack slow to say who is an admin) is acked empty, then answered at response_url', async () => {
    const port = await start(100);
    fake.delay('users.info', 600);
    const res = await sendSigned(port, slashBody('feeds list', fake.responseUrl('slow')), FORM);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const posted = await fake.waitFor((r) => r.path === '/response/slow' && r.status === 200, 10_000, 'late answer');
    // Not an admin: the refusal, only to the caller.
    expect(posted.body.response_type).toBe('ephemeral');
    expect(String(posted.body.text)).toMatch(/admin/i);
    expect(fake.calls('users.info').length).toBeGreaterThan(0);
  });
});
