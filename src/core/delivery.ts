/**
 * Posting to a channel outside an interaction (digests). Each platform adapter supplies a ChannelPoster; the
 * console supplies one that prints. Errors are classified so the scheduler knows whether to retry or disable.
 */
import type { Reply } from './reply.js';

export interface PostResult {
  /** Platform message id (Discord message id, Slack ts). */
  messageId: string;
}

export interface PostOptions {
  /**
   * Stable per digest slot (e.g. `whip-digest:42:2026-03-30T07:00:00.000Z`). A poster that can make posting
   * idempotent should use it (Discord: `nonce` with `enforce_nonce: true` dedupes for a few minutes), so a retry
   * after a timeout cannot produce a second message.
   */
  idempotencyKey?: string;
  /**
   * The subscription's workspace (Discord guild, Slack team). A Slack app installed in many workspaces posts with
   * that workspace's own bot token.
   */
  workspaceId?: string;
}

export interface ChannelPoster {
  platform: 'discord' | 'slack' | 'console';
  post(channelId: string, reply: Reply, opts?: PostOptions): Promise<PostResult>;
  /**
   * Optional: find a message this poster sent with `idempotencyKey` (null if none). The digest scheduler asks it
   * after a crash left a post's outcome unknown: confirmed -> recorded as sent; not found -> posted again.
   * Without it, such a slot is recorded as failed rather than risk posting it twice.
   */
  confirm?(channelId: string, idempotencyKey: string): Promise<PostResult | null>;
}

/**
 * `permanent`: the channel is gone or closed to us (Discord 403/404, Slack channel_not_found, not_in_channel,
 * is_archived, invalid_auth) — disable the subscription with `reason`. Otherwise temporary (429, 5xx, timeout):
 * retry with backoff, honouring `retryAfterMs` when the platform gave one.
 */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    readonly reason: string,
    readonly permanent: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(reason);
  }
}
