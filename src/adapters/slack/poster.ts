/**
 * Posting to Slack channels outside an interaction (digests) and the per-channel pacing every channel post goes
 * through: Slack allows about one message per second per channel, so posts to one channel queue up one second
 * apart while other channels are not held up.
 */
import { webApi } from '@slack/bolt';
import { type ChannelPoster, DeliveryError, type PostOptions, type PostResult } from '../../core/delivery.js';
import type { Reply } from '../../core/reply.js';
import { describeError, type Logger } from '../../log.js';
import { NotInstalledError } from './installations.js';
import { toBlockKit } from './render.js';

/** Slack errors that mean the channel (or the whole workspace) is closed to the bot: disable, don't retry. */
export const PERMANENT_SLACK_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'not_authed',
  'missing_scope',
  'restricted_action',
  'team_access_not_granted',
  'ekm_access_denied',
]);

/** Slack errors about the message itself; the poster retries once as plain text. */
const BAD_PAYLOAD_ERRORS = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_too_long', 'too_many_blocks']);

/** Map any error from a Web API call to a DeliveryError: permanent for a closed channel, temporary otherwise. */
export function classifySlackError(e: unknown): DeliveryError {
  if (e instanceof DeliveryError) return e;
  // The workspace uninstalled Whip (OAuth mode): nothing to post with until it is installed again.
  if (e instanceof NotInstalledError) return new DeliveryError('app_uninstalled', true);
  const err = e as { code?: string; data?: { error?: string; response_metadata?: { retryAfter?: number } } };
  switch (err?.code) {
    case webApi.ErrorCode.PlatformError: {
      const code = err.data?.error ?? 'unknown_error';
      if (PERMANENT_SLACK_ERRORS.has(code)) return new DeliveryError(code, true);
      const retryAfter = err.data?.response_metadata?.retryAfter;
      return new DeliveryError(code, false, retryAfter !== undefined ? retryAfter * 1000 : undefined);
    }
    case webApi.ErrorCode.RateLimitedError:
      return new DeliveryError('rate_limited', false, (e as { retryAfter: number }).retryAfter * 1000);
    case webApi.ErrorCode.HTTPError:
      return new DeliveryError(`http_${(e as { statusCode: number }).statusCode}`, false);
    case webApi.ErrorCode.RequestError: {
      const original = (e as { original?: Error }).original;
      const timedOut = original?.name === 'TimeoutError' || original?.name === 'AbortError';
      return new DeliveryError(timedOut ? 'timeout' : 'network_error', false);
    }
    default:
      return new DeliveryError(`error: ${describeError(e)}`, false);
  }
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Posts waiting for one channel at most. At Slack's ~1 message/s per channel, 30 queued posts are already half a
 * minute late: a busier channel is being flooded (or Slack is down), and queueing more only grows memory and
 * lateness. The post that would be the 31st fails as temporary instead (digests are retried by the scheduler).
 */
export const MAX_PENDING_PER_CHANNEL = 30;
/**
 * Posts waiting across all channels at most: each holds its rendered message (a digest's Block Kit can be tens of
 * KB), so 2,000 bound the queue to some tens of MB however many channels are busy at once.
 */
export const MAX_PENDING_POSTS = 2_000;

/** A post refused because the posting queue is full: temporary, retry after the queue has had time to drain. */
export class PostQueueFullError extends DeliveryError {
  override name = 'PostQueueFullError';
}

export interface PacerLimits {
  perChannel: number;
  total: number;
}

/** Runs tasks one at a time per channel, at least `intervalMs` apart; the number waiting is bounded. */
export class ChannelPacer {
  private readonly lanes = new Map<string, { tail: Promise<void>; last: number; pending: number }>();
  private pendingTotal = 0;

  constructor(
    private readonly intervalMs = 1000,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = realSleep,
    private readonly limits: PacerLimits = { perChannel: MAX_PENDING_PER_CHANNEL, total: MAX_PENDING_POSTS },
  ) {}

  /**
   * Run `task` in `channel`'s lane. Rejects at once with a temporary PostQueueFullError (the task never runs) when
   * that channel or the whole pacer already has its maximum of posts waiting or running.
   */
  run<T>(channel: string, task: () => Promise<T>): Promise<T> {
    let lane = this.lanes.get(channel);
    const waiting = lane?.pending ?? 0;
    if (this.pendingTotal >= this.limits.total) {
      // Every lane is saturated: a Retry-After (which pauses the platform's digest limiter) of one full lane's drain.
      const retryAfterMs = this.limits.perChannel * this.intervalMs;
      return Promise.reject(new PostQueueFullError('slack_post_queue_full', false, retryAfterMs));
    }
    if (waiting >= this.limits.perChannel) {
      // Only this channel is backed up: no Retry-After, so other channels' digests are not paused; the
      // scheduler's own backoff retries this one.
      return Promise.reject(new PostQueueFullError('slack_channel_queue_full', false));
    }
    if (!lane) {
      lane = { tail: Promise.resolve(), last: Number.NEGATIVE_INFINITY, pending: 0 };
      this.lanes.set(channel, lane);
    }
    const l = lane;
    l.pending++;
    this.pendingTotal++;
    const result = l.tail.then(async () => {
      try {
        const wait = l.last + this.intervalMs - this.now();
        if (wait > 0) await this.sleep(wait);
        return await task();
      } finally {
        l.last = this.now();
        l.pending--;
        this.pendingTotal--;
      }
    });
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    l.tail = tail;
    // Forget an idle channel once its interval has passed, so the map does not grow without bound.
    void tail.then(() => {
      const t = setTimeout(() => {
        if (l.tail === tail && this.lanes.get(channel) === l) this.lanes.delete(channel);
      }, this.intervalMs);
      t.unref?.();
    });
    return result;
  }

  /** Channels with a lane (for tests). */
  get size(): number {
    return this.lanes.size;
  }

  /** Posts waiting or running, all channels (for tests and metrics). */
  get pending(): number {
    return this.pendingTotal;
  }
}

type Client = InstanceType<typeof webApi.WebClient>;

export interface SlackPosterOptions {
  /** One workspace (SLACK_BOT_TOKEN): the one client. */
  client?: Client;
  /** Many workspaces (OAuth): the client of the subscription's workspace (NotInstalledError if there is none). */
  clientFor?: (workspaceId: string | undefined) => Promise<Client>;
  pacer: ChannelPacer;
  log: Logger;
}

/** The ChannelPoster digests use: Block Kit with fallback text, paced per channel, errors classified. */
export function createSlackPoster({ client, clientFor, pacer, log }: SlackPosterOptions): ChannelPoster {
  const pick = (workspaceId: string | undefined): Promise<Client> => {
    if (clientFor) return clientFor(workspaceId);
    if (client) return Promise.resolve(client);
    return Promise.reject(new Error('slack poster: no client'));
  };
  const send = async (workspaceId: string | undefined, channel: string, text: string, blocks?: unknown[]) => {
    const c = await pick(workspaceId);
    const res = await c.chat.postMessage({
      channel,
      text,
      ...(blocks ? { blocks: blocks as never } : {}),
      unfurl_links: false,
      unfurl_media: false,
      link_names: false,
      parse: 'none',
    });
    return res.ts ?? '';
  };
  return {
    platform: 'slack',
    async post(channelId: string, reply: Reply, opts?: PostOptions): Promise<PostResult> {
      const message = toBlockKit(reply);
      const workspaceId = opts?.workspaceId;
      return pacer.run(channelId, async () => {
        try {
          return { messageId: await send(workspaceId, channelId, message.text, message.blocks) };
        } catch (e) {
          const first = classifySlackError(e);
          if (BAD_PAYLOAD_ERRORS.has(first.reason)) {
            log.warn({ channel: channelId, error: first.reason }, 'slack rejected the blocks; posting plain text');
            try {
              return { messageId: await send(workspaceId, channelId, message.text) };
            } catch (e2) {
              const second = classifySlackError(e2);
              log.warn({ channel: channelId, error: second.reason, permanent: second.permanent }, 'slack post failed');
              throw second;
            }
          }
          log.warn(
            { channel: channelId, error: first.reason, permanent: first.permanent, retryAfterMs: first.retryAfterMs },
            'slack post failed',
          );
          throw first;
        }
      });
    },
  };
}
