import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/core/commands/dispatch.js';
import { parseCommandLine } from '../../src/core/commands/parseText.js';
import type { Reply } from '../../src/core/reply.js';
import { DigestStore } from '../../src/digest/store.js';
import { addArticle, fieldsText, permanent, type TestEnv, testEnv } from './helpers.js';

let env: TestEnv;
const CH = '111111111111111111';

beforeEach(async () => {
  env = await testEnv({ start: '2026-03-27T12:00:00Z' });
  await addArticle(env.db, 'a1', '2026-03-26T12:00:00.000Z', { title: 'Fresh news' });
});
afterEach(() => env.cleanup());

const run = (sub: string, args: Record<string, string> = {}, ctx = env.ctx()) =>
  dispatch(env.services.commands, { command: 'digest', subcommand: sub, args }, ctx);

describe('digest subscribe', () => {
  it('replies with the next three run times in the subscription’s time zone', async () => {
    const reply = await run('subscribe', { schedule: 'daily 08:00', timezone: 'Europe/London' });
    expect(reply.kind).toBe('info');
    expect(reply.title).toBe('Digest subscribed');
    const next = reply.fields?.find((f) => f.name === 'Next runs')?.value;
    // Across the spring DST change: 08:00 GMT, then 08:00 BST.
    expect(next).toBe('• Sat 28 Mar 2026, 08:00 GMT\n• Sun 29 Mar 2026, 08:00 BST\n• Mon 30 Mar 2026, 08:00 BST');
    expect(fieldsText(reply)).toContain('daily 08:00 (`0 8 * * *`)');
    expect(fieldsText(reply)).toContain('the first one covers the last 7 days');
    const sub = await new DigestStore(env.db).forChannel('discord', CH);
    expect(sub).toMatchObject({
      platform: 'discord',
      workspace_id: '999999999999999999',
      schedule: 'daily 08:00',
      cron: '0 8 * * *',
      timezone: 'Europe/London',
      when_empty: 'skip',
      status: 'active',
      next_run_at: '2026-03-28T08:00:00.000Z',
      created_by: 'u-admin',
    });
  });

  it('defaults the time zone from configuration; other zones show their own times', async () => {
    await env.cleanup();
    env = await testEnv({ start: '2026-03-27T12:00:00Z', env: { WHIP_TIMEZONE: 'America/New_York' } });
    const reply = await run('subscribe', { schedule: 'weekly mon 09:00' });
    expect(reply.fields?.find((f) => f.name === 'Time zone')?.value).toBe('America/New_York');
    expect(reply.fields?.find((f) => f.name === 'Next runs')?.value).toBe(
      '• Mon 30 Mar 2026, 09:00 EDT\n• Mon 6 Apr 2026, 09:00 EDT\n• Mon 13 Apr 2026, 09:00 EDT',
    );
  });

  it('subscribing again replaces the schedule (one subscription per channel)', async () => {
    await run('subscribe', { schedule: 'daily 08:00' });
    const reply = await run('subscribe', { schedule: '*/30 * * * *', when_empty: 'note' });
    expect(reply.title).toBe('Digest schedule updated');
    const all = await new DigestStore(env.db).all();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ cron: '*/30 * * * *', when_empty: 'note', next_run_at: '2026-03-27T12:30:00.000Z' });
  });

  it.each([
    [{ schedule: 'daily 25:00' }, /hours run 00-23/],
    [{ schedule: '0 8 * *' }, /neither a preset nor a 5-field cron expression/],
    [{ schedule: '0 0 8 * * *' }, /6 fields/],
    [{ schedule: 'daily 08:00', timezone: 'Mars/Olympus' }, /not an IANA time zone/],
    [{ schedule: 'daily 08:00', timezone: 'BST' }, /abbreviations like BST or EST are ambiguous/],
    [{ schedule: 'daily 08:00', when_empty: 'sometimes' }, /`when_empty` must be one of: skip, note/],
    [{}, /`schedule` is required/],
  ])('validation error %j -> an error reply', async (args, message) => {
    const reply = await run('subscribe', args as Record<string, string>);
    expect(reply.kind).toBe('error');
    expect(reply.ephemeral).toBe(true);
    expect(reply.text).toMatch(message);
    expect(await new DigestStore(env.db).all()).toEqual([]);
  });

  it('text platforms: `digest subscribe schedule:"daily 08:00" timezone:Europe/London when_empty:note`', async () => {
    const inv = parseCommandLine(
      env.services.commands,
      'digest subscribe schedule:"daily 08:00" timezone:Europe/London when_empty:note',
    );
    expect(inv).toMatchObject({
      command: 'digest',
      subcommand: 'subscribe',
      args: { schedule: 'daily 08:00', timezone: 'Europe/London', when_empty: 'note' },
    });
    const reply = await dispatch(
      env.services.commands,
      inv,
      env.ctx({ platform: 'slack', channelId: 'C0123', workspaceId: 'T1' }),
    );
    expect(reply.title).toBe('Digest subscribed');
    expect(await new DigestStore(env.db).forChannel('slack', 'C0123')).toMatchObject({ when_empty: 'note' });
  });
});

describe('permissions (checked by the dispatcher on every call)', () => {
  const member = () => env.ctx({ caller: { id: 'u-member', isAdmin: false, canManageChannel: false } });

  it.each(['subscribe', 'pause', 'resume', 'unsubscribe', 'now'])(
    '`digest %s` is refused to a non-admin',
    async (sub) => {
      await run('subscribe', { schedule: 'daily 08:00' });
      const reply = await run(sub, sub === 'subscribe' ? { schedule: 'daily 09:00' } : {}, member());
      expect(reply.kind).toBe('error');
      expect(reply.text).toContain('only people who can manage this channel');
      const sub0 = await new DigestStore(env.db).forChannel('discord', CH);
      expect(sub0).toMatchObject({ schedule: 'daily 08:00', status: 'active' });
      expect(env.poster.posts).toHaveLength(0);
    },
  );

  it('everyone may list and preview; preview is only shown to the caller', async () => {
    await run('subscribe', { schedule: 'daily 08:00' });
    const list = await run('list', {}, member());
    expect(list.kind).toBe('info');
    const preview = await run('preview', {}, member());
    expect(preview.kind).toBe('info');
    expect(preview.ephemeral).toBe(true);
    expect(fieldsText(preview)).toContain('Fresh news');
    expect(fieldsText(preview)).toContain('Next run: Sat 28 Mar 2026, 08:00 GMT');
    expect(env.poster.posts).toHaveLength(0);
  });
});

describe('list, pause, resume, unsubscribe', () => {
  it('list shows schedule, next run and health for the workspace', async () => {
    await run('subscribe', { schedule: 'daily 08:00' });
    await run(
      'subscribe',
      { schedule: 'weekdays 07:30', timezone: 'Europe/Berlin' },
      env.ctx({ channelId: '222222222222222222' }),
    );
    const reply = await run('list');
    const text = fieldsText(reply);
    expect(reply.title).toBe('Digest subscriptions (2)');
    expect(text).toContain('Channel: <#111111111111111111>');
    expect(text).toContain('Schedule: weekdays 07:30 (`30 7 * * 1-5`), Europe/Berlin; when empty: skip');
    expect(text).toContain('Next run: Mon 30 Mar 2026, 07:30 CEST');
    expect(text).toContain('Health: ok — no digest yet');
    await run('pause');
    expect(fieldsText(await run('list'))).toContain('Health: paused');
  });

  it('list shows other channels (private ones too) only to channel managers; others see this channel and a count', async () => {
    const PRIVATE = '333333333333333333';
    await run('subscribe', { schedule: 'daily 08:00' });
    await run('subscribe', { schedule: 'weekdays 07:30' }, env.ctx({ channelId: PRIVATE }));
    const plain = (channelId?: string) =>
      env.ctx({ channelId, caller: { id: 'u-member', isAdmin: false, canManageChannel: false } });

    const mine = await run('list', {}, plain());
    const text = `${mine.text}\n${fieldsText(mine)}`;
    expect(mine.kind).toBe('info');
    expect(text).toContain(`Channel: <#${CH}>`);
    expect(text).toContain('Schedule: daily 08:00');
    expect(text).not.toContain(PRIVATE);
    expect(text).not.toContain('weekdays 07:30');
    expect(mine.text).toContain('1 other channel here has a digest');

    const elsewhere = await run('list', {}, plain('444444444444444444'));
    const text2 = `${elsewhere.text}\n${fieldsText(elsewhere)}`;
    expect(elsewhere.fields ?? []).toHaveLength(0);
    expect(text2).toContain('This channel has no digest subscription');
    expect(text2).toContain('2 other channels here have a digest');
    expect(text2).not.toContain(PRIVATE);
    expect(text2).not.toContain(CH);

    const manager = fieldsText(await run('list'));
    expect(manager).toContain(`Channel: <#${PRIVATE}>`);
    expect(manager).toContain(`Channel: <#${CH}>`);
  });

  it('commands on a channel without a subscription explain how to subscribe', async () => {
    for (const sub of ['pause', 'resume', 'unsubscribe', 'now']) {
      const reply = await run(sub);
      expect(reply.kind).toBe('error');
      expect(reply.text).toContain('This channel has no digest subscription');
    }
  });

  it('unsubscribe deletes the subscription and its ledger', async () => {
    await run('subscribe', { schedule: 'daily 08:00' });
    await run('now');
    const reply = await run('unsubscribe');
    expect(reply.title).toBe('Digest unsubscribed');
    expect(await new DigestStore(env.db).all()).toEqual([]);
    expect(await new DigestStore(env.db).allDeliveries()).toEqual([]);
  });
});

describe('digest now', () => {
  it('posts one digest now, counted in the ledger', async () => {
    await run('subscribe', { schedule: 'daily 08:00' });
    const reply: Reply = await run('now');
    expect(reply.title).toBe('Digest posted');
    expect(env.poster.posts).toHaveLength(1);
    expect(JSON.stringify(env.poster.posts[0]?.reply)).toContain('Fresh news');
    const rows = await new DigestStore(env.db).allDeliveries();
    expect(rows).toMatchObject([{ state: 'sent', message_id: 'm1', slot: 'manual:2026-03-27T12:00:00.000Z' }]);
    // The next scheduled digest starts from here.
    expect((await new DigestStore(env.db).forChannel('discord', CH))?.last_digest_at).toBe('2026-03-27T12:00:00.000Z');
    // Nothing new now: `now` still posts (a short note).
    const again = await run('now');
    expect(again.title).toBe('Digest posted');
    expect(env.poster.posts[1]?.reply.title).toBe('Digest: nothing new');
  });

  it('a permanent error is reported to the caller and disables the subscription', async () => {
    await run('subscribe', { schedule: 'daily 08:00' });
    env.poster.script = () => permanent('discord 403 50001 Missing Access');
    const reply = await run('now');
    expect(reply.kind).toBe('error');
    expect(reply.text).toContain('discord 403 50001 Missing Access');
    expect(await new DigestStore(env.db).forChannel('discord', CH)).toMatchObject({ status: 'disabled' });
  });
});
