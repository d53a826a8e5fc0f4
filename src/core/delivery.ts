/**
 * Posting to a channel outside an interaction (digests). Each platform adapter supplies a ChannelPoster; the
 * console supplies one that prints. Errors are classified so the scheduler knows whether to retry or disable.
 */
import type { Reply } from './reply.js';

export interface PostResult {
  /** Platform message id (Discord message id, Slack ts). */
  messageId: string;
}

export interface ChannelPoster {
  platform: 'discord' | 'slack' | 'console';
  post(channelId: string, reply: Reply): Promise<PostResult>;
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
