/**
 * Interactions: slash commands, autocomplete and the Sources/feedback buttons. Each one is normalised into the
 * dispatcher's invocation, run through the one command path, and answered inside Discord's 3-second window:
 * the interaction is deferred first (usage errors, which cost nothing to compute, are answered at once and
 * ephemerally), then the rendered reply replaces the "thinking…" placeholder.
 */
import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  MessageFlags,
} from 'discord.js';
import { type Choice, settled } from '../../core/answer/types.js';
import { dispatch, findCommand, type Invocation, permitted, validateArgs } from '../../core/commands/dispatch.js';
import type { CommandContext, CommandSpec, Permission } from '../../core/commands/spec.js';
import { truncate } from '../../core/reply.js';
import type { Services } from '../../core/services.js';
import { describeError } from '../../log.js';
import type { Conversations } from '../conversation.js';
import { findSpec, optionSpecFor, type RawOption, toInvocation } from './commands.js';
import { conversationKey, discordCaller, type Place } from './messages.js';
import { citationsToDiscord, type DiscordPayload, parseCustomId, replyToDiscord, textToDiscord } from './render.js';

const AUTOCOMPLETE_MAX = 25;
const CHOICE_MAX = 100;

/** discord.js options for a rendered payload (allowed mentions set again here, on every message). */
export function replyOptions(p: DiscordPayload): InteractionReplyOptions {
  const o: InteractionReplyOptions = {
    embeds: p.embeds,
    components: p.components,
    allowedMentions: { parse: [] },
  };
  if (p.content !== undefined) o.content = p.content;
  if (p.flags) o.flags = MessageFlags.Ephemeral;
  return o;
}

/** Edits cannot change flags; content is cleared unless given. */
export function editOptions(p: DiscordPayload): InteractionEditReplyOptions {
  return {
    content: p.content ?? null,
    embeds: p.embeds,
    components: p.components,
    allowedMentions: { parse: [] },
  };
}

export function contextFor(services: Services, interaction: Interaction): CommandContext {
  // For an interaction, member.permissions are the member's permissions in *that channel* (overwrites included).
  const perms = interaction.memberPermissions;
  const member = interaction.member;
  const display =
    member && 'displayName' in member && typeof member.displayName === 'string'
      ? member.displayName
      : (interaction.user.globalName ?? interaction.user.username);
  return {
    platform: 'discord',
    services,
    caller: discordCaller(interaction.user.id, display, perms),
    channelId: interaction.channelId ?? undefined,
    workspaceId: interaction.guildId ?? undefined,
  };
}

/** Would the dispatcher refuse this before running the handler (unknown, not permitted, bad arguments)? */
export function failsBeforeHandler(commands: CommandSpec[], inv: Invocation, ctx: CommandContext): boolean {
  const spec = findCommand(commands, inv.command);
  if (!spec) return true;
  const sub = spec.subcommands?.length ? spec.subcommands.find((s) => s.name === inv.subcommand) : undefined;
  if (spec.subcommands?.length && !sub) return true;
  if (!permitted(sub?.permission ?? spec.permission, ctx)) return true;
  return validateArgs(sub ? sub.options : spec.options, inv.args).errors.length > 0;
}

function permissionOf(spec: CommandSpec, subcommand: string | undefined): Permission {
  const sub = spec.subcommands?.find((s) => s.name === subcommand);
  return sub?.permission ?? spec.permission ?? 'everyone';
}

export async function handleInteraction(
  services: Services,
  interaction: Interaction,
  conversations?: Conversations,
): Promise<void> {
  const started = Date.now();
  try {
    if (interaction.isAutocomplete()) await handleAutocomplete(services, interaction);
    else if (interaction.isChatInputCommand()) await handleCommand(services, interaction, conversations);
    else if (interaction.isButton()) await handleButton(services, interaction);
  } catch (e) {
    services.log.warn(
      { err: e, interactionType: interaction.type, ms: Date.now() - started },
      `discord interaction failed: ${describeError(e)}`,
    );
    await showError(services, interaction);
  }
}

/** Best effort: tell the user something went wrong, ephemerally, by whatever route is still open. */
async function showError(services: Services, interaction: Interaction): Promise<void> {
  if (!interaction.isRepliable()) return;
  const payload = textToDiscord('Sorry — Discord did not accept my reply. Please try again in a moment.');
  try {
    if (interaction.deferred || interaction.replied) await interaction.followUp(replyOptions(payload));
    else await interaction.reply(replyOptions(payload));
  } catch (e) {
    services.log.warn({ err: e }, `discord: could not show the error either: ${describeError(e)}`);
  }
}

/** Where an interaction was used: a DM (no guild), a thread (a cached thread channel) or a plain channel. */
function placeOf(interaction: Interaction): Place | undefined {
  if (!interaction.channelId) return undefined;
  if (!interaction.guildId) return { channelId: interaction.channelId, dm: true };
  const channel = interaction.channel;
  if (channel?.isThread()) {
    return { channelId: channel.id, dm: false, threadParentId: channel.parentId ?? channel.id };
  }
  return { channelId: interaction.channelId, dm: false };
}

async function handleCommand(
  services: Services,
  interaction: ChatInputCommandInteraction,
  conversations?: Conversations,
): Promise<void> {
  const spec = findSpec(services.commands, interaction.commandName);
  if (!spec) {
    await interaction.reply(replyOptions(textToDiscord(`Unknown command \`${interaction.commandName}\`. Try /help.`)));
    return;
  }
  const { focused: _focused, ...inv } = toInvocation(spec, interaction.options.data as readonly RawOption[]);
  const ctx = contextFor(services, interaction);

  // Usage errors and refusals cost nothing to compute: answer them at once, only to the caller.
  if (failsBeforeHandler(services.commands, inv, ctx)) {
    const reply = await dispatch(services.commands, inv, ctx);
    await interaction.reply(replyOptions(replyToDiscord(reply, { ephemeral: true })));
    return;
  }

  // Commands restricted to channel managers / admins configure things, and previews are for the caller: their
  // replies go to the caller only. (Other ephemeral replies swap the public placeholder below.)
  const ephemeral =
    permissionOf(spec, inv.subcommand) !== 'everyone' ||
    (inv.subcommand ?? inv.command) === 'preview' ||
    spec.ephemeral === true;
  await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  const reply = await dispatch(services.commands, inv, ctx);
  const payload = replyToDiscord(reply);
  if (payload.flags && !ephemeral) {
    // The reply must be private but the placeholder is public: swap it for an ephemeral follow-up.
    await interaction.deleteReply().catch((e: unknown) => {
      services.log.warn({ err: e }, `discord: could not delete the placeholder: ${describeError(e)}`);
    });
    await interaction.followUp(replyOptions(payload));
    return;
  }
  const answer = await interaction.editReply(editOptions(payload));
  // An answered /ask starts a conversation: follow-ups in its thread (or DM), or replies to the answer, read
  // against it.
  const place = placeOf(interaction);
  if (conversations && place && inv.command === 'ask' && reply.kind !== 'error' && !ephemeral) {
    const question = String(inv.args.question ?? '');
    await conversations
      .remember(conversationKey(conversations, place, answer.id), inv, question, undefined)
      .catch((e: unknown) =>
        services.log.warn({ err: e }, `discord: could not remember the thread: ${describeError(e)}`),
      );
  }
}

async function handleButton(services: Services, interaction: ButtonInteraction): Promise<void> {
  const parsed = parseCustomId(interaction.customId);
  if (parsed.kind === 'unknown') {
    await interaction.reply(replyOptions(textToDiscord('That button no longer does anything.')));
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const row = await services.questions.get(parsed.questionId);
  if (!row) {
    await interaction.editReply(editOptions(textToDiscord('I no longer have that question on record.')));
    return;
  }
  if (parsed.kind === 'sources') {
    let payload: DiscordPayload;
    try {
      payload = citationsToDiscord(await settled(services.engine, (e) => e.citationsFor(row.question)));
    } catch (e) {
      services.log.error({ err: e, questionId: parsed.questionId }, 'discord: citationsFor failed');
      payload = textToDiscord('Sorry, I could not gather the sources for that question.');
    }
    await interaction.editReply(editOptions(payload));
    return;
  }
  const ok = await services.questions.feedback(parsed.questionId, parsed.vote, 'discord', interaction.user.id);
  const text = ok
    ? `Thanks — your ${parsed.vote > 0 ? '👍' : '👎'} was recorded. It helps improve the answers.`
    : 'I no longer have that question on record.';
  await interaction.editReply(editOptions(textToDiscord(text)));
}

/** Engine choices -> what Discord accepts: at most 25, names and values 1-100 characters, no duplicates. */
export function sanitiseChoices(choices: readonly Choice[]): Choice[] {
  const out: Choice[] = [];
  const seen = new Set<string>();
  for (const c of choices) {
    const value = String(c.value ?? '').trim();
    if (!value || value.length > CHOICE_MAX || seen.has(value)) continue;
    const name =
      truncate(
        String(c.name ?? value)
          .replace(/\s+/g, ' ')
          .trim(),
        CHOICE_MAX,
      ) || value;
    seen.add(value);
    out.push({ name, value });
    if (out.length >= AUTOCOMPLETE_MAX) break;
  }
  return out;
}

async function handleAutocomplete(services: Services, interaction: AutocompleteInteraction): Promise<void> {
  const spec = findSpec(services.commands, interaction.commandName);
  let choices: Choice[] = [];
  if (spec) {
    const inv = toInvocation(spec, interaction.options.data as readonly RawOption[]);
    const opt = inv.focused ? optionSpecFor(spec, inv.subcommand, inv.focused) : undefined;
    if (opt?.autocomplete) {
      const partial = String(interaction.options.getFocused() ?? '');
      try {
        choices = sanitiseChoices(services.engine.autocomplete(opt.autocomplete, partial, AUTOCOMPLETE_MAX));
      } catch (e) {
        services.log.warn({ err: e, source: opt.autocomplete }, 'discord: autocomplete failed');
      }
    }
  }
  await interaction.respond(choices);
}
