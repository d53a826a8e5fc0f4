/**
 * The Discord adapter: a discord.js v14 client that serves every command as a slash command, answers DMs,
 * mentions and follow-ups in its threads (messages.ts; no privileged intent), and a ChannelPoster for digests. `DISCORD_API_BASE` redirects all of its REST traffic (and, through
 * GET /gateway/bot, the gateway) — to a REST proxy in production, to a loopback fake in tests.
 */
import { performance } from 'node:perf_hooks';
import {
  Client,
  DiscordjsError,
  DiscordjsErrorCodes,
  Events,
  GatewayIntentBits,
  Options,
  Partials,
  RESTEvents,
} from 'discord.js';
import type { Services } from '../../core/services.js';
import { describeError, type Logger } from '../../log.js';
import { Conversations } from '../conversation.js';
import type { RunningAdapter } from '../types.js';
import { handleInteraction } from './interactions.js';
import { handleMessage } from './messages.js';
import { DiscordPoster, rejectLongChannelPostLimits } from './poster.js';

export const DEFAULT_DISCORD_API = 'https://discord.com/api';
/** How long login (REST + gateway handshake + READY + guilds) may take before start gives up. */
export const LOGIN_TIMEOUT_MS = 45_000;

/** Gateway sharding (DISCORD_SHARD_COUNT / DISCORD_SHARD_IDS): which shards this process runs, of how many. */
export interface Sharding {
  count?: number | 'auto';
  ids?: number[];
}

/** discord.js client options for the sharding config: nothing when unset (one shard, as before). */
export function shardOptions(s: Sharding = {}): { shards?: number[] | 'auto'; shardCount?: number } {
  if (s.count === undefined) return {};
  if (s.count === 'auto') return { shards: 'auto' };
  return { shards: s.ids ?? Array.from({ length: s.count }, (_, i) => i), shardCount: s.count };
}

export function createDiscordClient(api: string | undefined, sharding?: Sharding): Client {
  return new Client({
    ...shardOptions(sharding),
    // Guilds: slash commands, channels and threads. GuildMessages and DirectMessages: mentions, replies to Whip,
    // follow-ups in its threads and DMs (none privileged: Discord gives a bot the text of those messages only).
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    // A DM channel is not cached before its first message arrives: without this partial that message is dropped.
    partials: [Partials.Channel],
    rest: { api: api ?? DEFAULT_DISCORD_API, rejectOnRateLimit: rejectLongChannelPostLimits },
    allowedMentions: { parse: [] },
    // Whip never reads messages back; caching the ones it sends would only cost memory.
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
  });
}

/** One line saying why login failed; never includes the token. */
export function explainLoginError(e: unknown, api: string): string {
  const where = api === DEFAULT_DISCORD_API ? 'Discord' : `Discord at ${api}`;
  if (e instanceof DiscordjsError && e.code === DiscordjsErrorCodes.TokenInvalid) {
    return `discord: DISCORD_TOKEN was rejected by ${where} (401 Unauthorized); check the bot token in the Developer Portal`;
  }
  const msg = describeError(e);
  if (/Authentication failed/i.test(msg)) {
    return `discord: DISCORD_TOKEN was rejected by the gateway (authentication failed); check the bot token`;
  }
  if (/disallowed intents/i.test(msg)) return 'discord: the gateway refused the requested intents';
  return `discord: could not connect to ${where}: ${msg}`;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Log failed REST calls and rate limits (route templates only: tokens in webhook paths never reach the log). */
function attachLogging(client: Client, log: Logger): void {
  client.rest.on(RESTEvents.Response, (request, response) => {
    // 429s are retried by discord.js and reported by the RateLimited event below.
    if (response.status < 400 || response.status === 429) return;
    log.warn(
      { method: request.method, route: request.route, status: response.status, retries: request.retries },
      'discord REST call failed',
    );
  });
  client.rest.on(RESTEvents.RateLimited, (info) => {
    log.info(
      { route: info.route, method: info.method, retryAfterMs: info.retryAfter, global: info.global, scope: info.scope },
      'discord rate limited',
    );
  });
  client.on(Events.Error, (e) => log.error({ err: e }, `discord client error: ${describeError(e)}`));
  client.on(Events.Warn, (m) => log.warn({ warning: m }, 'discord warning'));
  client.on(Events.ShardError, (e, shardId) => log.warn({ err: e, shardId }, 'discord gateway error'));
  // discord.js only emits ShardDisconnect for close codes it will not recover from (4004 bad token, 4013/4014
  // intents …): the bot no longer receives interactions until restarted.
  client.on(Events.ShardDisconnect, (ev, shardId) =>
    log.error({ code: ev.code, shardId }, 'discord gateway closed for good; restart whip after fixing the cause'),
  );
  client.on(Events.ShardReconnecting, (shardId) => log.info({ shardId }, 'discord gateway reconnecting'));
  client.on(Events.ShardResume, (shardId, replayed) => log.info({ shardId, replayed }, 'discord gateway resumed'));
}

export interface StartDiscordOptions {
  /** Called when an interaction has been fully handled (benchmarks and tests use it to know the bot is idle). */
  onHandled?: (interactionId: string, ms: number) => void;
}

export async function startDiscord(services: Services, opts: StartDiscordOptions = {}): Promise<RunningAdapter> {
  const { config, log } = services;
  const token = config.DISCORD_TOKEN;
  if (!token) throw new Error('discord: DISCORD_TOKEN is not set');
  const api = config.DISCORD_API_BASE ?? DEFAULT_DISCORD_API;
  const client = createDiscordClient(api, { count: config.DISCORD_SHARD_COUNT, ids: config.DISCORD_SHARD_IDS });

  // Threads, replies and DMs Whip answered in, with their last question, live in the store.
  const conversations = new Conversations(services, 'discord');
  client.on(Events.InteractionCreate, (interaction) => {
    const t0 = performance.now();
    void handleInteraction(services, interaction, conversations).finally(() =>
      opts.onHandled?.(interaction.id, performance.now() - t0),
    );
  });
  client.on(Events.MessageCreate, (message) => {
    const t0 = performance.now();
    const botId = client.user?.id;
    if (!botId) return;
    void handleMessage(services, conversations, message, botId).finally(() =>
      opts.onHandled?.(message.id, performance.now() - t0),
    );
  });

  const controller = new AbortController();
  const ready = new Promise<void>((resolve) => {
    client.once(Events.ClientReady, () => resolve());
    controller.signal.addEventListener('abort', () => resolve());
  });
  try {
    await withTimeout(Promise.all([client.login(token), ready]), LOGIN_TIMEOUT_MS, 'login');
  } catch (e) {
    controller.abort();
    await client.destroy().catch(() => undefined);
    throw new Error(explainLoginError(e, api));
  }
  // Logging starts after login so a rejected token is one clear line, not a log entry as well.
  attachLogging(client, log);

  const poster = new DiscordPoster(client.rest, log);
  services.posters.discord = poster;
  log.info(
    { user: client.user?.tag, applicationId: client.application?.id, guilds: client.guilds.cache.size },
    'discord connected',
  );

  return {
    name: 'discord',
    async stop() {
      if (services.posters.discord === poster) delete services.posters.discord;
      client.removeAllListeners(Events.InteractionCreate);
      client.removeAllListeners(Events.MessageCreate);
      client.removeAllListeners(Events.ShardDisconnect);
      client.removeAllListeners(Events.ShardReconnecting);
      await client.destroy();
    },
  };
}
