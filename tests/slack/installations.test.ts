/**
 * The parts of Slack-for-many-workspaces below the bot: the secret box (AES-256-GCM), the installation store on
 * SQLite and on a real PostgreSQL, the OAuth configuration checks, and the digest poster choosing each
 * workspace's token (an uninstalled workspace's digest fails permanently, so its subscription is disabled).
 */
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceClients } from '../../src/adapters/slack/installations.js';
import { ChannelPacer, createSlackPoster } from '../../src/adapters/slack/poster.js';
import { ConfigError, enabledPlatforms, parseConfig } from '../../src/config.js';
import { infoReply } from '../../src/core/reply.js';
import { createLogger } from '../../src/log.js';
import type { Db } from '../../src/store/db.js';
import { parseSecretKey, SecretBox, SecretBoxError } from '../../src/store/secretBox.js';
import { SlackInstallationStore } from '../../src/store/slackInstallations.js';
import { SlackFake } from '../fakes/slackFake.js';
import { storeBackends } from '../support/backends.js';

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 8);
const TOKEN = `xox${'b'}-1-secret-token`;
const log = createLogger('silent');
const backends = storeBackends();

describe('SecretBox (AES-256-GCM)', () => {
  const box = new SecretBox(KEY);
  it('opens what it sealed, with a fresh nonce every time', () => {
    const a = box.seal(TOKEN, 'team:T1');
    const b = box.seal(TOKEN, 'team:T1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('secret-token');
    expect(box.open(a, 'team:T1')).toBe(TOKEN);
    expect(box.open(b, 'team:T1')).toBe(TOKEN);
  });
  it('refuses another row, another key, a tampered value, and non-values', () => {
    const sealed = box.seal(TOKEN, 'team:T1');
    expect(() => box.open(sealed, 'team:T2')).toThrow(SecretBoxError);
    expect(() => new SecretBox(OTHER_KEY).open(sealed, 'team:T1')).toThrow(/another key/);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[4] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    parts[4] = body.toString('base64url');
    expect(() => box.open(parts.join('.'), 'team:T1')).toThrow(/altered/);
    expect(() => box.open('xoxb-plain', 'team:T1')).toThrow(/not a sealed value/);
    expect(() => new SecretBox(Buffer.alloc(16))).toThrow(SecretBoxError);
  });
  it('parses 64 hex characters or base64 of 32 bytes, nothing else', () => {
    expect(parseSecretKey('ab'.repeat(32))?.length).toBe(32);
    expect(parseSecretKey(KEY.toString('base64'))?.equals(KEY)).toBe(true);
    expect(parseSecretKey(KEY.toString('base64url'))?.equals(KEY)).toBe(true);
    expect(parseSecretKey('ab'.repeat(31))).toBeUndefined();
    expect(parseSecretKey('correct horse battery staple')).toBeUndefined();
    expect(parseSecretKey(Buffer.alloc(16).toString('base64'))).toBeUndefined();
  });
});

describe.each(backends)('Slack installations on $name', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('stores sealed, fetches, replaces on reinstall, deletes on uninstall', async () => {
    const store = new SlackInstallationStore(db, new SecretBox(KEY));
    const one = { teamId: 'T1', isEnterpriseInstall: false };
    expect(await store.get(one)).toBeUndefined();
    await store.put({ ...one, botUserId: 'U1', payload: JSON.stringify({ bot: { token: TOKEN } }) });
    await store.put({ teamId: 'T2', isEnterpriseInstall: false, payload: '{"n":2}' });
    await store.put({ enterpriseId: 'E1', teamId: undefined, isEnterpriseInstall: true, payload: '{"org":1}' });
    expect(await store.count()).toBe(3);
    expect(JSON.parse((await store.get(one)) ?? '{}').bot.token).toBe(TOKEN);
    expect(await store.get({ enterpriseId: 'E1', isEnterpriseInstall: true })).toBe('{"org":1}');
    // A workspace of that org asking as itself is not the org install.
    expect(await store.get({ teamId: 'T9', enterpriseId: 'E1', isEnterpriseInstall: false })).toBeUndefined();

    const rows = await db.selectFrom('slack_installations').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain('secret-token');
    expect(rows.find((r) => r.install_key === 'team:T1')?.bot_user_id).toBe('U1');

    await store.put({ ...one, botUserId: 'U1b', payload: '{"reinstalled":true}' });
    expect(await store.get(one)).toBe('{"reinstalled":true}');
    expect(await store.count()).toBe(3);

    expect(await store.delete(one)).toBe(true);
    expect(await store.delete(one)).toBe(false);
    expect(await store.get(one)).toBeUndefined();
    expect(await store.count()).toBe(2);
  });

  it('a row read with another WHIP_SECRET_KEY is an error naming the key, not garbage', async () => {
    await new SlackInstallationStore(db, new SecretBox(KEY)).put({
      teamId: 'TKEY',
      isEnterpriseInstall: false,
      payload: '{}',
    });
    await expect(
      new SlackInstallationStore(db, new SecretBox(OTHER_KEY)).get({ teamId: 'TKEY', isEnterpriseInstall: false }),
    ).rejects.toThrow(/another key/);
  });
});

describe('OAuth configuration', () => {
  const oauth = {
    SLACK_CLIENT_ID: '1111111111.2222222222',
    SLACK_CLIENT_SECRET: 'client-secret',
    SLACK_STATE_SECRET: 'state-secret-0123456789',
    SLACK_SIGNING_SECRET: 'signing',
    WHIP_SECRET_KEY: 'ab'.repeat(32),
  };
  const problems = (env: Record<string, string>) => {
    try {
      parseConfig(env);
      return [];
    } catch (e) {
      if (e instanceof ConfigError) return e.problems;
      throw e;
    }
  };
  it('SLACK_CLIENT_ID with its companions enables Slack without a bot token', () => {
    expect(problems(oauth)).toEqual([]);
    expect(enabledPlatforms(parseConfig(oauth)).slack).toBe(true);
  });
  it('names each missing or bad companion in one line, never echoing a secret', () => {
    const { WHIP_SECRET_KEY: _k, SLACK_STATE_SECRET: _s, ...rest } = oauth;
    const missing = problems(rest);
    expect(missing.some((l) => /^config: WHIP_SECRET_KEY is required with SLACK_CLIENT_ID/.test(l))).toBe(true);
    expect(missing.some((l) => /^config: SLACK_STATE_SECRET is required/.test(l))).toBe(true);
    const badKey = problems({ ...oauth, WHIP_SECRET_KEY: 'hunter2-not-a-key' });
    expect(badKey).toEqual([expect.stringMatching(/^config: WHIP_SECRET_KEY must be a 32-byte key/)]);
    expect(badKey.join()).not.toContain('hunter2');
    expect(problems({ ...oauth, SLACK_STATE_SECRET: 'short' }).join()).toMatch(/SLACK_STATE_SECRET must be at least/);
    expect(problems({ ...oauth, SLACK_CLIENT_ID: 'abc' }).join()).toMatch(/SLACK_CLIENT_ID must be/);
  });
  it('refuses a bot token or Socket Mode beside OAuth, and OAuth parts without the client id', () => {
    expect(problems({ ...oauth, SLACK_BOT_TOKEN: `xox${'b'}-1` }).join()).toMatch(
      /SLACK_BOT_TOKEN and SLACK_CLIENT_ID/,
    );
    expect(problems({ ...oauth, SLACK_APP_TOKEN: 'xapp-1' }).join()).toMatch(/SLACK_APP_TOKEN cannot be used/);
    expect(problems({ SLACK_CLIENT_SECRET: 'x' }).join()).toMatch(/SLACK_CLIENT_SECRET is set but SLACK_CLIENT_ID/);
  });
});

describe('digests in many workspaces', () => {
  const fake = new SlackFake();
  let db: Db;
  beforeAll(async () => {
    await fake.start();
    db = await backends[0]!.open();
  });
  afterAll(async () => {
    await db?.destroy();
    await fake.stop();
  });

  it("post with the subscription's workspace token; an uninstalled workspace fails permanently", async () => {
    const store = new SlackInstallationStore(db, new SecretBox(KEY));
    const tokenOf = (team: string) => `xox${'b'}-${team.toLowerCase()}`;
    for (const team of ['TA', 'TB']) {
      await store.put({
        teamId: team,
        isEnterpriseInstall: false,
        payload: JSON.stringify({ team: { id: team }, bot: { token: tokenOf(team) } }),
      });
    }
    const made: string[] = [];
    const clients = new WorkspaceClients(store, (token) => {
      made.push(token);
      return new webApi.WebClient(token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    });
    const poster = createSlackPoster({ clientFor: (id) => clients.forWorkspace(id), pacer: new ChannelPacer(0), log });
    const digest = infoReply('Digest', 'new things');
    await poster.post('CA', digest, { workspaceId: 'TA' });
    await poster.post('CB', digest, { workspaceId: 'TB' });
    await poster.post('CA2', digest, { workspaceId: 'TA' });
    expect(fake.calls('chat.postMessage').map((r) => [r.body.channel, r.token])).toEqual([
      ['CA', tokenOf('TA')],
      ['CB', tokenOf('TB')],
      ['CA2', tokenOf('TA')],
    ]);
    // One client per workspace token, reused.
    expect(made).toEqual([tokenOf('TA'), tokenOf('TB')]);

    await store.delete({ teamId: 'TB', isEnterpriseInstall: false });
    await expect(poster.post('CB', digest, { workspaceId: 'TB' })).rejects.toMatchObject({
      reason: 'app_uninstalled',
      permanent: true,
    });
    await expect(poster.post('CX', digest)).rejects.toMatchObject({ permanent: true });
  });
});
