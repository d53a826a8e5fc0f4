/**
 * Messages (not slash commands) Whip answers on Discord, the way it answers Slack threads:
 * - a direct message to the bot: answered privately, right there; the DM is one conversation;
 * - a message mentioning @Whip: answered as a reply (in a thread, read against the thread's previous question);
 * - a follow-up in a thread Whip answered in, or a reply to one of Whip's answers: read against the previous
 *   question, so "what did he say about Clegg?" after "who is Ed Miliband?" is about Ed Miliband.
 * Small talk ("thanks!", "hello") is not answered and not logged (never in `kb gaps`). Whip asks for no privileged
 * intent: Discord gives a bot the text of DMs, of messages that mention it and of replies to it (which mention it);
 * other messages arrive empty and are ignored.
 */
import type { Message, PermissionsBitField } from 'discord.js';
import { dispatch } from '../../core/commands/dispatch.js';
import { parseCommandLine } from '../../core/commands/parseText.js';
import type { Caller } from '../../core/commands/spec.js';
import type { Reply } from '../../core/reply.js';
import type { Services } from '../../core/services.js';
import { describeError } from '../../log.js';
import type { ThreadKey } from '../../store/threads.js';
import type { Conversations } from '../conversation.js';
import { type DiscordPayload, replyToDiscord } from './render.js';

/** Where a message or an interaction stands: a DM, a thread (with its parent channel) or a plain channel. */
export interface Place {
  channelId: string;
  dm: boolean;
  /** The parent channel of a thread; undefined outside threads. */
  threadParentId?: string;
}

/**
 * The conversation a message in `place` belongs to: a DM or a thread is one conversation; in a plain channel,
 * each answer of Whip's starts one (replies to it follow up), keyed by that answer's message id.
 */
export function conversationKey(conversations: Conversations, place: Place, answerMessageId: string): ThreadKey {
  if (place.dm) return conversations.key(place.channelId, place.channelId);
  if (place.threadParentId !== undefined) return conversations.key(place.threadParentId, place.channelId);
  return conversations.key(place.channelId, answerMessageId);
}

/** The caller as the dispatcher sees it, from the member's permissions in the channel (none in a DM). */
export function discordCaller(id: string, name: string, perms: Readonly<PermissionsBitField> | null): Caller {
  return {
    id,
    name,
    isAdmin: Boolean(perms?.has('Administrator') || perms?.has('ManageGuild')),
    canManageChannel: Boolean(perms?.has('ManageChannels')),
  };
}

/** Remove every mention of the bot (`<@id>`, `<@!id>`) and tidy the spaces left behind. */
export function stripDiscordMention(text: string, botId: string): string {
  return text
    .replace(new RegExp(`<@!?${botId.replace(/\D/g, '')}>[,:]?`, 'g'), ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** A rendered reply as a message: no ephemeral flag (messages cannot have one), never a ping. */
export function messageOptions(p: DiscordPayload) {
  return {
    ...(p.content !== undefined ? { content: p.content } : {}),
    embeds: p.embeds,
    components: p.components,
    allowedMentions: { parse: [], repliedUser: false },
    failIfNotExists: false,
  };
}

function placeOf(message: Message): Place {
  const channel = message.channel;
  if (!message.inGuild()) return { channelId: channel.id, dm: true };
  if (channel.isThread()) return { channelId: channel.id, dm: false, threadParentId: channel.parentId ?? channel.id };
  return { channelId: channel.id, dm: false };
}

function permissionsOf(message: Message): Readonly<PermissionsBitField> | null {
  if (!message.inGuild() || !message.member) return null;
  try {
    return message.channel.permissionsFor(message.member);
  } catch {
    return null;
  }
}

/** The conversation a message follows up, if any: its DM or thread, else the answer of Whip's it replies to. */
async function followedUp(
  conversations: Conversations,
  message: Message,
  place: Place,
): Promise<{ previous?: string; key?: ThreadKey }> {
  if (place.dm || place.threadParentId !== undefined) {
    const key = conversationKey(conversations, place, message.id);
    return { key, previous: await conversations.previous(key) };
  }
  const repliedTo = message.reference?.messageId;
  if (!repliedTo) return {};
  return { previous: await conversations.previous(conversations.key(place.channelId, repliedTo)) };
}

/** Answer one message if it is Whip's to answer. Never throws: failures are logged. */
export async function handleMessage(
  services: Services,
  conversations: Conversations,
  message: Message,
  botId: string,
): Promise<void> {
  if (message.author.bot || message.system || message.webhookId) return;
  const text = message.content?.trim();
  if (!text) return;
  try {
    const place = placeOf(message);
    const mentioned = message.mentions.users.has(botId);
    const { previous, key } = await followedUp(conversations, message, place);
    if (!place.dm && !mentioned && previous === undefined) return;
    const question = conversations.question(stripDiscordMention(text, botId), previous, true);
    if (question === undefined) return;
    const inv = parseCommandLine(services.commands, question);
    const display = message.member?.displayName ?? message.author.globalName ?? message.author.username;
    const reply: Reply = await dispatch(services.commands, inv, {
      platform: 'discord',
      services,
      caller: discordCaller(message.author.id, display, permissionsOf(message)),
      channelId: place.channelId,
      workspaceId: message.guildId ?? undefined,
    });
    const sent = await message.reply(messageOptions(replyToDiscord(reply)));
    await conversations.remember(key ?? conversationKey(conversations, place, sent.id), inv, question, previous);
    services.log.info(
      { via: place.dm ? 'dm' : 'message', command: inv.command, kind: reply.kind, status: reply.status },
      'discord: replied',
    );
  } catch (e) {
    services.log.warn(
      { err: e, channel: message.channelId },
      `discord: could not answer a message: ${describeError(e)}`,
    );
  }
}
