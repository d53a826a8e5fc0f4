import type { CommandContext } from '../src/core/commands/spec.js';
import { defineCommand } from '../src/core/commands/spec.js';
import { errorReply, infoReply, type Reply, type ReplyField } from '../src/core/reply.js';
import { collectDigest, digestWindow, renderDigest } from '../src/digest/compose.js';
import { ConsolePoster } from '../src/digest/consolePoster.js';
import { digestClock, schedulerFor } from '../src/digest/runtime.js';
import {
  formatRunTime,
  nextRunAfter,
  nextRuns,
  normaliseTimeZone,
  parseSchedule,
  SCHEDULE_HELP,
  ScheduleError,
} from '../src/digest/schedule.js';
import { type Delivery, type DigestPlatform, DigestStore, type Subscription } from '../src/digest/store.js';
import { ArticleStore } from '../src/store/articles.js';

const NO_SUBSCRIPTION = 'This channel has no digest subscription. Subscribe with `digest subscribe daily 08:00`.';

function channelRef(platform: string, id: string): string {
  return platform === 'console' ? id : `<#${id}>`;
}

function storeOf(ctx: CommandContext): DigestStore {
  return new DigestStore(ctx.services.db);
}

async function channelSubscription(ctx: CommandContext): Promise<Subscription | Reply> {
  if (!ctx.channelId) return errorReply('Digests belong to a channel: run this command in the channel.');
  return (await storeOf(ctx).forChannel(ctx.platform, ctx.channelId)) ?? errorReply(NO_SUBSCRIPTION);
}

function isReply(x: Subscription | Reply): x is Reply {
  return 'kind' in x;
}

/**
 * Run `fn` on this channel's subscription, or reply why there is none: the one path of pause, resume,
 * unsubscribe and now.
 */
function withSubscription(
  fn: (sub: Subscription, ctx: CommandContext) => Promise<Reply> | Reply,
): (args: unknown, ctx: CommandContext) => Promise<Reply> {
  return async (_args, ctx) => {
    const sub = await channelSubscription(ctx);
    return isReply(sub) ? sub : fn(sub, ctx);
  };
}

function health(sub: Subscription, last: Delivery | undefined): string {
  if (sub.status === 'disabled')
    return `disabled — ${sub.disabled_reason ?? 'unknown reason'} (fix it, then \`digest resume\`)`;
  if (sub.status === 'paused') return 'paused';
  if (!last) return 'ok — no digest yet';
  const when = formatRunTime(last.finished_at ?? last.updated_at, sub.timezone);
  switch (last.state) {
    case 'sent':
      return `ok — last digest ${when}`;
    case 'skipped':
      return `ok — last slot skipped ${when} (${last.reason ?? 'nothing new'})`;
    case 'failed':
      return `last delivery failed ${when}: ${last.reason ?? 'unknown'}`;
    default:
      return last.reason ? `retrying: ${last.reason}` : 'posting…';
  }
}

/** One field per subscription: channel, schedule, next run and health (the last delivery). */
async function subscriptionFields(
  store: DigestStore,
  subs: Subscription[],
  ctx: CommandContext,
): Promise<ReplyField[]> {
  const fields: ReplyField[] = [];
  for (const sub of subs) {
    const [last] = await store.deliveries(sub.id, 1);
    fields.push({
      name: `${sub.channel_id === ctx.channelId ? '▶ ' : ''}${sub.platform === 'console' ? sub.channel_id : `#${sub.channel_id}`}`,
      value: [
        `Channel: ${channelRef(sub.platform, sub.channel_id)}`,
        `Schedule: ${scheduleLine(sub)}`,
        `Next run: ${nextLine(sub)}`,
        `Health: ${health(sub, last)}`,
      ].join('\n'),
    });
  }
  return fields;
}

function scheduleLine(sub: Subscription): string {
  const cron = sub.schedule === sub.cron ? '' : ` (\`${sub.cron}\`)`;
  return `${sub.schedule}${cron}, ${sub.timezone}; when empty: ${sub.when_empty}`;
}

function nextLine(sub: Subscription): string {
  return sub.next_run_at && sub.status === 'active' ? formatRunTime(sub.next_run_at, sub.timezone) : '—';
}

export default defineCommand({
  name: 'digest',
  description: 'Scheduled digests of what is new in the knowledge base, posted to this channel',
  options: [],
  examples: [
    {
      text: 'digest subscribe daily 08:00 Europe/London',
      subcommand: 'subscribe',
      args: { schedule: 'daily 08:00', timezone: 'Europe/London' },
    },
    { text: 'digest subscribe daily 08:00', subcommand: 'subscribe', args: { schedule: 'daily 08:00' } },
    {
      text: 'digest subscribe schedule:"daily 08:00" timezone:Europe/London when_empty:note',
      subcommand: 'subscribe',
      args: { schedule: 'daily 08:00', timezone: 'Europe/London', when_empty: 'note' },
    },
    {
      text: 'digest subscribe weekdays 07:30 note',
      subcommand: 'subscribe',
      args: { schedule: 'weekdays 07:30', when_empty: 'note' },
    },
    { text: 'digest list', subcommand: 'list', args: {} },
    { text: 'digest preview', subcommand: 'preview', args: {} },
    { text: 'digest pause', subcommand: 'pause', args: {} },
  ],
  subcommands: [
    {
      name: 'subscribe',
      description: 'Post digests to this channel on a schedule (replaces its current schedule)',
      permission: 'manage_channel',
      options: [
        {
          name: 'schedule',
          description: 'daily 08:00, weekdays 07:30, weekly mon 09:00, or a cron expression like 0 8 * * *',
          type: 'string',
          required: true,
          maxLength: 100,
        },
        {
          name: 'timezone',
          description: 'IANA time zone, e.g. Europe/London (default: the bot’s configured zone)',
          type: 'string',
          autocomplete: 'timezone',
          maxLength: 64,
          shape: '^(?:UTC|GMT|[A-Za-z]+(?:/[A-Za-z0-9_+-]+)+)$',
        },
        {
          name: 'when_empty',
          description: 'When nothing is new: skip (post nothing) or note (post a short note)',
          type: 'string',
          choices: [
            { name: 'skip — post nothing', value: 'skip' },
            { name: 'note — post a short “nothing new” note', value: 'note' },
          ],
        },
      ],
      handler: async (args, ctx) => {
        if (!ctx.channelId) return errorReply('Digests belong to a channel: run this command in the channel.');
        let parsed: ReturnType<typeof parseSchedule>;
        let timezone: string;
        try {
          parsed = parseSchedule(String(args.schedule ?? ''));
          timezone = normaliseTimeZone(String(args.timezone ?? ctx.services.config.WHIP_TIMEZONE));
        } catch (e) {
          if (e instanceof ScheduleError) return errorReply(e.message);
          throw e;
        }
        const whenEmpty = args.when_empty === 'note' ? 'note' : 'skip';
        const now = digestClock(ctx.services).now();
        const upcoming = nextRuns(parsed.cron, timezone, now, 3);
        const { subscription, created } = await storeOf(ctx).subscribe(
          {
            platform: ctx.platform as DigestPlatform,
            workspaceId: ctx.workspaceId ?? null,
            channelId: ctx.channelId,
            schedule: parsed.label,
            cron: parsed.cron,
            timezone,
            whenEmpty,
            createdBy: ctx.caller.id,
            nextRunAt: upcoming[0]?.toISOString() ?? null,
          },
          now,
        );
        const fields: ReplyField[] = [
          {
            name: 'Schedule',
            value: parsed.label === parsed.cron ? `\`${parsed.cron}\`` : `${parsed.label} (\`${parsed.cron}\`)`,
            inline: true,
          },
          { name: 'Time zone', value: timezone, inline: true },
          {
            name: 'When nothing is new',
            value: whenEmpty === 'skip' ? 'skip (post nothing)' : 'post a short note',
            inline: true,
          },
          { name: 'Next runs', value: upcoming.map((d) => `• ${formatRunTime(d, timezone)}`).join('\n') || '—' },
        ];
        const lookback = ctx.services.config.WHIP_DIGEST_LOOKBACK_DAYS;
        return infoReply(
          created ? 'Digest subscribed' : 'Digest schedule updated',
          `${channelRef(ctx.platform, subscription.channel_id)} will get a digest of what is new in the knowledge base ` +
            `on this schedule${subscription.last_digest_at ? '' : `; the first one covers the last ${lookback} day${lookback === 1 ? '' : 's'}`}.`,
          { fields },
        );
      },
    },
    {
      name: 'list',
      description: 'Digest subscriptions in this server/workspace, with next run and health',
      permission: 'everyone',
      options: [],
      handler: async (_args, ctx) => {
        const store = storeOf(ctx);
        const all = await store.list(ctx.platform, ctx.workspaceId ?? null, ctx.channelId);
        if (!all.length)
          return infoReply(
            'Digest subscriptions',
            ctx.workspaceId ? 'No channel here has a digest subscription.' : NO_SUBSCRIPTION,
          );
        // The workspace's subscriptions include private channels: their names, schedules and health are shown
        // only to people who can manage channels. Everyone else sees this channel's subscription and a count.
        if (!ctx.caller.canManageChannel) {
          const here = all.filter((sub) => sub.channel_id === ctx.channelId);
          const others = all.length - here.length;
          const elsewhere = others
            ? ` ${others} other channel${others === 1 ? '' : 's'} here ${others === 1 ? 'has' : 'have'} a digest; people who can manage channels see them in \`digest list\`.`
            : '';
          if (!here.length)
            return infoReply('Digest subscriptions', `This channel has no digest subscription.${elsewhere}`);
          return infoReply('Digest subscription', `This channel’s digest.${elsewhere}`, {
            fields: await subscriptionFields(store, here, ctx),
          });
        }
        const subs = all;
        const shown = subs.slice(0, 20);
        const fields = await subscriptionFields(store, shown, ctx);
        const more = subs.length - shown.length;
        return infoReply(
          `Digest subscriptions (${subs.length})`,
          `${subs.length} channel${subs.length === 1 ? '' : 's'} subscribed${more > 0 ? `; the first ${shown.length} are shown` : ''}.`,
          { fields },
        );
      },
    },
    {
      name: 'pause',
      description: 'Pause this channel’s digests (resume keeps the schedule)',
      permission: 'manage_channel',
      options: [],
      handler: withSubscription(async (sub, ctx) => {
        if (sub.status === 'paused')
          return infoReply('Digest already paused', 'Use `digest resume` to start it again.');
        await storeOf(ctx).setStatus(sub.id, 'paused', digestClock(ctx.services).now(), { nextRunAt: null });
        return infoReply(
          'Digest paused',
          `No digests will be posted to ${channelRef(sub.platform, sub.channel_id)} until \`digest resume\`.`,
        );
      }),
    },
    {
      name: 'resume',
      description: 'Resume this channel’s digests (also re-enables one disabled after an error)',
      permission: 'manage_channel',
      options: [],
      handler: withSubscription(async (sub, ctx) => {
        const now = digestClock(ctx.services).now();
        // Slots missed while paused are not posted: the next digest covers everything since the last one.
        const next = nextRunAfter(sub.cron, sub.timezone, now)?.toISOString() ?? null;
        await storeOf(ctx).setStatus(sub.id, 'active', now, { nextRunAt: next });
        const was = sub.status === 'disabled' ? ` (it was disabled: ${sub.disabled_reason ?? 'unknown reason'})` : '';
        return infoReply(
          'Digest resumed',
          `Digests to ${channelRef(sub.platform, sub.channel_id)} are back on${was}. Next run: ${next ? formatRunTime(next, sub.timezone) : '—'}.`,
        );
      }),
    },
    {
      name: 'unsubscribe',
      description: 'Stop this channel’s digests and delete its subscription',
      permission: 'manage_channel',
      options: [],
      handler: withSubscription(async (sub, ctx) => {
        await storeOf(ctx).remove(sub.id);
        return infoReply(
          'Digest unsubscribed',
          `${channelRef(sub.platform, sub.channel_id)} will get no more digests.`,
        );
      }),
    },
    {
      name: 'preview',
      description: 'See what the next digest would post now (only you see it)',
      permission: 'everyone',
      options: [],
      handler: async (_args, ctx) => {
        const sub = ctx.channelId ? await storeOf(ctx).forChannel(ctx.platform, ctx.channelId) : undefined;
        const { config } = ctx.services;
        const now = digestClock(ctx.services).now();
        const window = digestWindow(sub?.last_digest_at ?? null, now, config.WHIP_DIGEST_LOOKBACK_DAYS);
        const k = (ctx.services.engine as { k?: typeof ctx.services.engine.k }).k;
        const content = await collectDigest(new ArticleStore(ctx.services.db), k, window);
        const timezone = sub?.timezone ?? config.WHIP_TIMEZONE;
        const reply = renderDigest(content, k, {
          timezone,
          whenEmpty: 'note',
          lookbackDays: config.WHIP_DIGEST_LOOKBACK_DAYS,
          heading: 'Digest preview',
        }) as Reply;
        const fields = [...(reply.fields ?? [])];
        const note = !sub
          ? `This channel has no subscription; subscribe with \`digest subscribe\`. ${SCHEDULE_HELP}`
          : sub.status !== 'active'
            ? `The subscription is ${sub.status}.`
            : `Next run: ${nextLine(sub)}${reply.title?.endsWith('nothing new') && sub.when_empty === 'skip' ? ' (it would be skipped: nothing new)' : ''}.`;
        fields.push({ name: 'About this preview', value: note.slice(0, 1000) });
        return { ...reply, fields, ephemeral: true };
      },
    },
    {
      name: 'now',
      description: 'Post a digest to this channel now (counted like a scheduled one)',
      permission: 'manage_channel',
      options: [],
      handler: withSubscription(async (sub, ctx) => {
        const services = ctx.services;
        const running = services.digests?.scheduler;
        // In the console (no scheduler, no console poster registered) the digest is printed.
        const scheduler =
          running ??
          schedulerFor(services, {
            posters: () => ({
              ...(ctx.platform === 'console' ? { console: new ConsolePoster() } : {}),
              ...services.posters,
            }),
          });
        const outcome = await scheduler.deliverNow(sub);
        const where = channelRef(sub.platform, sub.channel_id);
        switch (outcome.state) {
          case 'sent':
            return infoReply('Digest posted', `Posted a digest to ${where} (message ${outcome.messageId ?? '?'}).`);
          case 'skipped':
            return infoReply('Nothing posted', `Nothing posted to ${where}: ${outcome.reason ?? 'nothing new'}.`);
          case 'failed':
            return errorReply(`Could not post the digest to ${where}: ${outcome.reason ?? 'unknown error'}.`);
          default:
            return infoReply('Digest queued', `The digest for ${where} will be posted shortly.`);
        }
      }),
    },
  ],
});
