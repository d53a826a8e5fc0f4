/**
 * Slack listeners: the `/whip` slash command, @-mentions (answered in a thread), follow-ups in those threads,
 * and the Sources / feedback buttons. Every request takes the one path: Slack text -> parseCommandLine ->
 * dispatch (permission checked there) -> toBlockKit -> posted. Nothing here throws into Bolt: failures are logged
 * and the process keeps serving.
 */

import { performance } from 'node:perf_hooks';
import type { App, webApi } from '@slack/bolt';
import { settled } from '../../core/answer/types.js';
import { dispatch } from '../../core/commands/dispatch.js';
import { isSmallTalk } from '../../core/commands/followUp.js';
import { type ParsedLine, parseCommandLine } from '../../core/commands/parseText.js';
import { errorReply, infoReply, type Reply } from '../../core/reply.js';
import type { Services } from '../../core/services.js';
import { describeError, type Logger } from '../../log.js';
import { Conversations } from '../conversation.js';
import { needsPrivilege, type SlackCallers } from './callers.js';
import type { ChannelPacer } from './poster.js';
import { ACTION_FEEDBACK_DOWN, ACTION_FEEDBACK_UP, ACTION_SOURCES, type SlackMessage, toBlockKit } from './render.js';
import { postToResponseUrl, type ResponsePayload } from './respond.js';
import { fromSlackText, mentionsBot, stripBotMention } from './text.js';

/**
 * How long a slash command's answer may take to be sent in the ack itself. Slack wants the ack within 3 s,
 * network included; past this budget the ack goes out empty and the answer follows through response_url.
 */
export const INLINE_ANSWER_BUDGET_MS = 1500;

/** The promise's value if it settles within `ms`, else undefined (the promise keeps running). */
export async function withinBudget<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms, undefined);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Commands whose replies only the caller should see, besides usage errors and replies marked ephemeral. */
const EPHEMERAL_COMMANDS = new Set(['sources', 'help']);

type Client = InstanceType<typeof webApi.WebClient>;

export interface HandlerDeps {
  services: Services;
  /**
   * The client of the single-workspace mode (SLACK_BOT_TOKEN). Listeners use the client Bolt hands them, which
   * carries the token of the workspace the request came from (the same client in single-workspace mode).
   */
  client: Client;
  callers: SlackCallers;
  pacer: ChannelPacer;
  log: Logger;
  botUserId: string;
  /** Budget for answering a slash command inside its ack (default INLINE_ANSWER_BUDGET_MS; 0 = never inline). */
  inlineBudgetMs?: number;
  /**
   * Many workspaces (OAuth): delete a workspace's installation when Slack says the app was uninstalled or its bot
   * token revoked. Unset in single-workspace mode.
   */
  uninstall?: (who: { teamId?: string; enterpriseId?: string; isEnterpriseInstall: boolean }) => Promise<void>;
}

/** A set that forgets its oldest entries past `max` (thread memory, event de-duplication). */
export class BoundedSet {
  private readonly items = new Set<string>();
  constructor(private readonly max: number) {}
  has(k: string): boolean {
    return this.items.has(k);
  }
  add(k: string): void {
    this.items.delete(k);
    this.items.add(k);
    if (this.items.size > this.max) {
      const oldest = this.items.values().next().value;
      if (oldest !== undefined) this.items.delete(oldest);
    }
  }
  get size(): number {
    return this.items.size;
  }
}

/** One info line per request served: how it came, what ran, how it went (never the question or the user). */
function served(log: Logger, via: string, inv: ParsedLine | undefined, reply: Reply, started: number): void {
  log.info(
    { via, command: inv?.command, kind: reply.kind, status: reply.status, ms: Math.round(performance.now() - started) },
    'slack: replied',
  );
}

export function isEphemeral(reply: Reply, inv?: ParsedLine): boolean {
  return (
    Boolean(reply.ephemeral) || reply.kind === 'error' || (inv !== undefined && EPHEMERAL_COMMANDS.has(inv.command))
  );
}

interface Origin {
  userId: string;
  channelId?: string;
  teamId?: string;
  /** The request's client (its workspace's token); default deps.client. */
  client?: Client;
}

/** Run one line of Slack text as a command. */
export async function runLine(deps: HandlerDeps, rawText: string, origin: Origin) {
  const line = fromSlackText(rawText).trim() || 'help';
  const inv = parseCommandLine(deps.services.commands, line);
  const caller = await deps.callers.resolve(
    origin.userId,
    needsPrivilege(deps.services.commands, inv),
    origin.teamId,
    origin.client,
  );
  const reply = await dispatch(deps.services.commands, inv, {
    platform: 'slack',
    services: deps.services,
    caller,
    channelId: origin.channelId,
    workspaceId: origin.teamId,
  });
  return { inv, reply };
}

function messageArgs(m: SlackMessage) {
  return {
    text: m.text,
    blocks: m.blocks,
    unfurl_links: false,
    unfurl_media: false,
    link_names: false,
    parse: 'none' as const,
  };
}

export function registerHandlers(app: App, deps: HandlerDeps): void {
  const { services, pacer, log } = deps;
  // Threads Whip answered in live in the store (follow-ups work after a restart).
  const conversations = new Conversations(services, 'slack');
  const seenEvents = new BoundedSet(2_000);

  const postInChannel = (client: Client, channel: string, m: SlackMessage, threadTs?: string) =>
    pacer.run(channel, () =>
      client.chat.postMessage({ channel, ...(threadTs ? { thread_ts: threadTs } : {}), ...messageArgs(m) }),
    );
  const postEphemeral = (client: Client, channel: string, user: string, m: SlackMessage, threadTs?: string) =>
    client.chat.postEphemeral({
      channel,
      user,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      text: m.text,
      blocks: m.blocks,
      link_names: false,
      parse: 'none',
    });

  /** Reply through response_url; if that fails, fall back to the Web API. */
  const respondWith = async (
    client: Client,
    responseUrl: string | undefined,
    reply: Reply,
    ephemeral: boolean,
    where: { channel?: string; user: string },
    extra: Partial<ResponsePayload> = {},
  ) => {
    const m = toBlockKit(reply);
    if (responseUrl) {
      try {
        await postToResponseUrl(
          responseUrl,
          { response_type: ephemeral ? 'ephemeral' : 'in_channel', text: m.text, blocks: m.blocks, ...extra },
          log,
        );
        return;
      } catch (e) {
        if (!where.channel) throw e;
        log.warn({ err: e, channel: where.channel }, 'response_url failed; posting through the Web API instead');
      }
    }
    if (!where.channel) throw new Error('no response_url and no channel to reply in');
    if (ephemeral) await postEphemeral(client, where.channel, where.user, m);
    else await postInChannel(client, where.channel, m);
  };

  // ---- /whip (also /whip-dev etc., for a second app installed beside the first) -----------------------------
  // The answer rides in the ack itself when it is ready within the budget (one round trip, nothing left to do
  // after the ack, so the next request is not kept waiting behind this one's delivery). A slower answer (a
  // users.info call for an admin check, a busy store) is acked empty in time and delivered through response_url.
  const inlineBudgetMs = deps.inlineBudgetMs ?? INLINE_ANSWER_BUDGET_MS;
  app.command(/^\/whip[\w-]*$/, async ({ command, ack, client }) => {
    const started = performance.now();
    const origin = { userId: command.user_id, channelId: command.channel_id, teamId: command.team_id, client };
    const answering = runLine(deps, command.text ?? '', origin).catch((e: unknown) => {
      log.error({ err: e }, 'slash command failed');
      const reply = errorReply('Something went wrong while answering; it has been logged. Please try again.');
      return { inv: undefined, reply };
    });
    const inTime = inlineBudgetMs > 0 ? await withinBudget(answering, inlineBudgetMs) : undefined;
    if (inTime) {
      const m = toBlockKit(inTime.reply);
      const ephemeral = isEphemeral(inTime.reply, inTime.inv);
      try {
        await ack({ response_type: ephemeral ? 'ephemeral' : 'in_channel', text: m.text, blocks: m.blocks });
        served(log, 'slash', inTime.inv, inTime.reply, started);
      } catch (e) {
        log.error({ err: e, channel: command.channel_id }, `could not deliver the /whip reply: ${describeError(e)}`);
      }
      return;
    }
    await ack();
    const { inv, reply } = await answering;
    try {
      await respondWith(client, command.response_url, reply, isEphemeral(reply, inv), {
        channel: command.channel_id,
        user: command.user_id,
      });
      served(log, 'slash', inv, reply, started);
    } catch (e) {
      log.error({ err: e, channel: command.channel_id }, `could not deliver the /whip reply: ${describeError(e)}`);
    }
  });

  // ---- @Whip … in a channel: answer in a thread under the mention ------------------------------------------
  const answerInThread = async (args: {
    client: Client;
    botUserId: string;
    text: string;
    user: string;
    channel: string;
    threadTs: string;
    teamId?: string;
    via: 'mention' | 'thread';
    started: number;
    /** The thread's previous question, when Whip has answered in it before. */
    previous?: string;
  }) => {
    // Small talk in a conversation ("thanks!") is not answered and not logged as a question.
    const question = conversations.question(stripBotMention(args.text, args.botUserId), args.previous);
    if (question === undefined) return;
    const { inv, reply } = await runLine(deps, question, {
      userId: args.user,
      channelId: args.channel,
      teamId: args.teamId,
      client: args.client,
    });
    const m = toBlockKit(reply);
    await conversations.remember(conversations.key(args.channel, args.threadTs), inv, question, args.previous);
    if (isEphemeral(reply, inv)) await postEphemeral(args.client, args.channel, args.user, m, args.threadTs);
    else await postInChannel(args.client, args.channel, m, args.threadTs);
    served(log, args.via, inv, reply, args.started);
  };

  const firstTime = (eventId: unknown): boolean => {
    if (typeof eventId !== 'string') return true;
    if (seenEvents.has(eventId)) return false;
    seenEvents.add(eventId);
    return true;
  };

  /** The bot user of the workspace the request came from (each OAuth installation has its own). */
  const botUserOf = (context: { botUserId?: string }) => context.botUserId ?? deps.botUserId;

  app.event('app_mention', async ({ event, body, client, context }) => {
    if (!firstTime((body as { event_id?: unknown }).event_id)) return;
    if (!event.user || event.bot_id) return;
    try {
      const previous = event.thread_ts
        ? await conversations.previous(conversations.key(event.channel, event.thread_ts))
        : undefined;
      await answerInThread({
        client,
        botUserId: botUserOf(context),
        previous,
        text: event.text,
        user: event.user,
        channel: event.channel,
        threadTs: event.thread_ts ?? event.ts,
        teamId: (body as { team_id?: string }).team_id,
        via: 'mention',
        started: performance.now(),
      });
    } catch (e) {
      log.error({ err: e, channel: event.channel }, `could not answer the mention: ${describeError(e)}`);
    }
  });

  // ---- a follow-up in a thread Whip answered in ------------------------------------------------------------
  app.event('message', async ({ event, body, client, context }) => {
    const botUserId = botUserOf(context);
    const e = event as {
      subtype?: string;
      text?: string;
      user?: string;
      bot_id?: string;
      ts: string;
      thread_ts?: string;
      channel: string;
      channel_type?: string;
    };
    if (e.subtype !== undefined && e.subtype !== 'thread_broadcast') return;
    // The App Home messages tab (a direct message): answered privately, right there.
    if (e.channel_type === 'im' && !e.thread_ts && e.user && !e.bot_id && e.text) {
      if (!firstTime((body as { event_id?: unknown }).event_id) || isSmallTalk(e.text)) return;
      const started = performance.now();
      try {
        const { inv, reply } = await runLine(deps, stripBotMention(e.text, botUserId), {
          userId: e.user,
          channelId: e.channel,
          teamId: (body as { team_id?: string }).team_id,
          client,
        });
        await postInChannel(client, e.channel, toBlockKit(reply));
        served(log, 'dm', inv, reply, started);
      } catch (err) {
        log.error({ err, channel: e.channel }, `could not answer the direct message: ${describeError(err)}`);
      }
      return;
    }
    if (!e.thread_ts || e.thread_ts === e.ts || !e.user || e.bot_id || !e.text) return;
    // A message that mentions Whip also arrives as app_mention; answer it once, there.
    if (mentionsBot(e.text, botUserId)) return;
    if (!firstTime((body as { event_id?: unknown }).event_id)) return;
    try {
      // Only follow-ups in Whip's own threads are answered.
      const previous = await conversations.previous(conversations.key(e.channel, e.thread_ts));
      if (previous === undefined) return;
      await answerInThread({
        client,
        botUserId,
        previous,
        text: e.text,
        user: e.user,
        channel: e.channel,
        threadTs: e.thread_ts,
        teamId: (body as { team_id?: string }).team_id,
        via: 'thread',
        started: performance.now(),
      });
    } catch (err) {
      log.error({ err, channel: e.channel }, `could not answer the thread follow-up: ${describeError(err)}`);
    }
  });

  // ---- buttons ---------------------------------------------------------------------------------------------
  const buttonContext = (body: unknown, action: unknown) => {
    const b = body as {
      user?: { id?: string };
      channel?: { id?: string };
      response_url?: string;
      container?: { thread_ts?: string };
    };
    const value = (action as { value?: string }).value ?? '';
    const id = /^\d{1,15}$/.test(value) ? Number(value) : undefined;
    return { user: b.user?.id ?? 'unknown', channel: b.channel?.id, responseUrl: b.response_url, id };
  };
  const answerButton = async (client: Client, ctx: ReturnType<typeof buttonContext>, reply: Reply) => {
    try {
      await respondWith(
        client,
        ctx.responseUrl,
        { ...reply, ephemeral: true },
        true,
        { channel: ctx.channel, user: ctx.user },
        { replace_original: false },
      );
      log.info({ via: 'button', kind: reply.kind }, 'slack: replied');
    } catch (e) {
      log.error({ err: e }, `could not answer the button: ${describeError(e)}`);
    }
  };

  app.action(ACTION_SOURCES, async ({ ack, body, action, client }) => {
    await ack();
    const ctx = buttonContext(body, action);
    let reply: Reply;
    try {
      const row = ctx.id === undefined ? undefined : await services.questions.get(ctx.id);
      reply = row
        ? await settled(services.engine, (e) => e.citationsFor(row.question))
        : errorReply('That question is no longer in the log, so its sources cannot be shown.');
    } catch (e) {
      log.error({ err: e }, 'sources button failed');
      reply = errorReply('Something went wrong while finding the sources; it has been logged.');
    }
    await answerButton(client, ctx, reply);
  });

  const feedback = (vote: 1 | -1) =>
    (async ({ ack, body, action, client }) => {
      await ack();
      const ctx = buttonContext(body, action);
      let reply: Reply;
      try {
        const ok = ctx.id !== undefined && (await services.questions.feedback(ctx.id, vote, 'slack', ctx.user));
        reply = ok
          ? infoReply('', `Thanks — your ${vote > 0 ? '👍' : '👎'} is recorded with the question.`)
          : errorReply('That question is no longer in the log, so the vote was not recorded.');
      } catch (e) {
        log.error({ err: e }, 'feedback button failed');
        reply = errorReply('Something went wrong while recording your vote; it has been logged.');
      }
      await answerButton(client, ctx, reply);
    }) satisfies Parameters<typeof app.action>[1];
  app.action(ACTION_FEEDBACK_UP, feedback(1));
  app.action(ACTION_FEEDBACK_DOWN, feedback(-1));

  if (deps.uninstall) registerUninstall(app, deps.uninstall, log);
}

/**
 * Many workspaces: `app_uninstalled` (the app was removed) and `tokens_revoked` naming a bot token remove the
 * workspace's installation, so no instance keeps a token Slack no longer honours. (Bolt acks events itself.)
 */
function registerUninstall(app: App, uninstall: NonNullable<HandlerDeps['uninstall']>, log: Logger): void {
  const who = (body: unknown) => {
    const b = body as { team_id?: string; enterprise_id?: string; is_enterprise_install?: boolean };
    return { teamId: b.team_id, enterpriseId: b.enterprise_id, isEnterpriseInstall: Boolean(b.is_enterprise_install) };
  };
  app.event('app_uninstalled', async ({ body }) => {
    try {
      await uninstall(who(body));
    } catch (e) {
      log.error({ err: e }, `slack: could not remove the installation: ${describeError(e)}`);
    }
  });
  app.event('tokens_revoked', async ({ event, body }) => {
    // Revoked user tokens (Whip asks for none) leave the bot's installation alone.
    if (!event.tokens.bot?.length) return;
    try {
      await uninstall(who(body));
    } catch (e) {
      log.error({ err: e }, `slack: could not remove the installation: ${describeError(e)}`);
    }
  });
}
