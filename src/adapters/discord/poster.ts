/**
 * Posting a Reply to a Discord channel outside an interaction (digests), with errors classified for the
 * scheduler: 403/404 (Missing Access 50001, Missing Permissions 50013, Unknown Channel 10003) are permanent;
 * 429, 5xx, timeouts and network errors are temporary (with `retryAfterMs` when Discord said how long).
 */
import { createHash } from 'node:crypto';
import { DiscordAPIError, HTTPError, type RateLimitData, RateLimitError, type REST, Routes } from 'discord.js';
import { type ChannelPoster, DeliveryError, type PostOptions, type PostResult } from '../../core/delivery.js';
import type { Reply } from '../../core/reply.js';
import type { Logger } from '../../log.js';
import { replyToDiscord } from './render.js';

export const PERMANENT_CODES = new Set([50001, 50013, 10003]);

/** Longest rate-limit wait the poster sits through itself; longer ones go back to the scheduler. */
export const POSTER_MAX_WAIT_MS = 2000;

/**
 * For `rest.rejectOnRateLimit`: channel posts that would wait long reject with RateLimitError (the scheduler
 * retries later); interaction responses always wait, as discord.js does by default.
 */
export function rejectLongChannelPostLimits(data: RateLimitData): boolean {
  return (
    data.method.toUpperCase() === 'POST' &&
    data.route === '/channels/:id/messages' &&
    Math.max(data.retryAfter, data.timeToReset) > POSTER_MAX_WAIT_MS
  );
}

function isTimeout(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  return (
    e.name === 'AbortError' ||
    e.name === 'TimeoutError' ||
    (typeof code === 'string' &&
      /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|UND_ERR_\w+)$/.test(code)) ||
    /fetch failed|socket|network/i.test(e.message)
  );
}

/** Turn anything a REST call threw into a DeliveryError. */
export function classifyDiscordError(e: unknown): DeliveryError {
  if (e instanceof DeliveryError) return e;
  if (e instanceof RateLimitError) {
    const wait = Math.max(e.retryAfter, e.timeToReset);
    return new DeliveryError(
      `discord rate limited (${e.scope}, retry after ${Math.ceil(wait)} ms)`,
      false,
      Math.ceil(wait),
    );
  }
  if (e instanceof DiscordAPIError) {
    const code = typeof e.code === 'number' ? e.code : Number(e.code);
    const reason = `discord ${e.status} ${Number.isFinite(code) ? `${code} ` : ''}${e.message.split('\n')[0]}`.trim();
    if (e.status === 403 || e.status === 404 || PERMANENT_CODES.has(code)) return new DeliveryError(reason, true);
    if (e.status === 429) {
      const raw = (e.rawError as { retry_after?: number } | undefined)?.retry_after;
      return new DeliveryError(reason, false, typeof raw === 'number' ? Math.ceil(raw * 1000) : undefined);
    }
    return new DeliveryError(reason, false);
  }
  if (e instanceof HTTPError) return new DeliveryError(`discord ${e.status} ${e.message}`.trim(), false);
  if (isTimeout(e))
    return new DeliveryError(`discord unreachable (${(e as Error).name}: ${(e as Error).message})`, false);
  return new DeliveryError(`discord: ${e instanceof Error ? e.message : String(e)}`, false);
}

/**
 * Discord nonces are at most 25 characters; an idempotency key becomes a stable 25-character digest of itself.
 * With `enforce_nonce`, Discord returns the message already created with that nonce (for a few minutes) instead
 * of posting a second one, so a retry after a timeout cannot double-post.
 */
export function nonceFor(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, 25);
}

export class DiscordPoster implements ChannelPoster {
  readonly platform = 'discord' as const;

  constructor(
    private readonly rest: REST,
    private readonly log?: Logger,
  ) {}

  async post(channelId: string, reply: Reply, opts: PostOptions = {}): Promise<PostResult> {
    if (!/^\d{15,22}$/.test(channelId)) throw new DeliveryError(`not a Discord channel id: ${channelId}`, true);
    // Channel posts cannot be ephemeral; buttons appear only if the reply was logged (questionId).
    const { flags: _flags, ...payload } = replyToDiscord(reply, { ephemeral: false });
    const body: Record<string, unknown> = { ...payload };
    if (opts.idempotencyKey) {
      body.nonce = nonceFor(opts.idempotencyKey);
      body.enforce_nonce = true;
    }
    try {
      const msg = (await this.rest.post(Routes.channelMessages(channelId), { body })) as { id: string };
      return { messageId: msg.id };
    } catch (e) {
      const err = classifyDiscordError(e);
      this.log?.warn(
        { channelId, reason: err.reason, permanent: err.permanent, retryAfterMs: err.retryAfterMs },
        'discord post failed',
      );
      throw err;
    }
  }
}
