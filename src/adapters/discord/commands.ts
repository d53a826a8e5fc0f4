/**
 * Slash commands generated from the command specs (commands/*.ts), and the Sapphire-style comparison with what
 * Discord already has, so registration only overwrites when something changed. Pure: no network here.
 */
import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Args, CommandSpec, OptionSpec, Permission, SubcommandSpec } from '../../core/commands/spec.js';
import { truncate } from '../../core/reply.js';

export type CommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Discord's limits for application commands. */
export const COMMAND_LIMITS = {
  name: 32,
  description: 100,
  options: 25,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  stringLength: 6000,
  commands: 100,
} as const;

/** Discord names: 1-32 characters, lowercase letters, digits, `-` and `_`. */
export function discordName(name: string): string {
  const n = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{Ll}\p{Lo}\p{N}_-]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, COMMAND_LIMITS.name);
  return n || 'x';
}

function description(text: string, fallback: string): string {
  const d = truncate(text.replace(/\s+/g, ' ').trim(), COMMAND_LIMITS.description);
  return d || fallback;
}

/** manage_channel -> Manage Channels; admin -> Manage Server (Administrators have it implicitly). */
export function permissionBits(permission: Permission | undefined): string | null {
  switch (permission ?? 'everyone') {
    case 'manage_channel':
      return PermissionFlagsBits.ManageChannels.toString();
    case 'admin':
      return PermissionFlagsBits.ManageGuild.toString();
    default:
      return null;
  }
}

const RANK: Record<Permission, number> = { everyone: 0, manage_channel: 1, admin: 2 };

/**
 * default_member_permissions is per command. With subcommands, the command is shown to whoever may run at least
 * one of them (the least restrictive); the dispatcher still checks each subcommand on every call.
 */
export function commandPermission(spec: CommandSpec): Permission {
  if (!spec.subcommands?.length) return spec.permission ?? 'everyone';
  const perms = spec.subcommands.map((s) => s.permission ?? spec.permission ?? 'everyone');
  return perms.reduce((a, b) => (RANK[b] < RANK[a] ? b : a), 'admin' as Permission);
}

export function optionToDiscord(opt: OptionSpec): APIApplicationCommandBasicOption {
  const base = {
    name: discordName(opt.name),
    description: description(opt.description, opt.name),
    required: Boolean(opt.required),
  };
  switch (opt.type) {
    case 'integer': {
      const o: APIApplicationCommandBasicOption = { ...base, type: ApplicationCommandOptionType.Integer };
      if (opt.min !== undefined) o.min_value = opt.min;
      if (opt.max !== undefined) o.max_value = opt.max;
      return o;
    }
    case 'boolean':
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    default: {
      const o: Record<string, unknown> = { ...base, type: ApplicationCommandOptionType.String };
      if (opt.choices?.length) {
        o.choices = opt.choices.slice(0, COMMAND_LIMITS.choices).map((c) => ({
          name: truncate(c.name, COMMAND_LIMITS.choiceName) || c.value.slice(0, COMMAND_LIMITS.choiceName),
          value: c.value.slice(0, COMMAND_LIMITS.choiceValue),
        }));
      } else if (opt.autocomplete) {
        o.autocomplete = true;
      }
      if (opt.maxLength !== undefined) o.max_length = Math.max(1, Math.min(opt.maxLength, COMMAND_LIMITS.stringLength));
      return o as unknown as APIApplicationCommandBasicOption;
    }
  }
}

/** Discord requires required options before optional ones; keep the spec's order otherwise. */
function optionsToDiscord(options: OptionSpec[]): APIApplicationCommandBasicOption[] {
  const mapped = options.slice(0, COMMAND_LIMITS.options).map(optionToDiscord);
  return [...mapped.filter((o) => o.required), ...mapped.filter((o) => !o.required)];
}

function subcommandToDiscord(sub: SubcommandSpec): APIApplicationCommandSubcommandOption {
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: discordName(sub.name),
    description: description(sub.description, sub.name),
    options: optionsToDiscord(sub.options),
  };
}

/**
 * Where a command can be used. A command every (sub)command of which is open to everyone (ask, who, quote …)
 * also works in a DM with the bot, answered privately there; one that configures a channel or the server
 * (digest, feeds) needs a server, whose permissions it checks.
 */
export function commandContexts(spec: CommandSpec): InteractionContextType[] {
  const perms = spec.subcommands?.length
    ? spec.subcommands.map((s) => s.permission ?? spec.permission ?? 'everyone')
    : [spec.permission ?? 'everyone'];
  return perms.every((p) => p === 'everyone')
    ? [InteractionContextType.Guild, InteractionContextType.BotDM]
    : [InteractionContextType.Guild];
}

export interface PayloadOptions {
  /**
   * Global commands carry `contexts` (DMs) and `integration_types` (installed to servers); Discord takes those
   * fields on global commands only (guild commands live in their guild).
   */
  global?: boolean;
}

export function commandToDiscord(spec: CommandSpec, opts: PayloadOptions = {}): CommandJson {
  const options: APIApplicationCommandOption[] = spec.subcommands?.length
    ? spec.subcommands.slice(0, COMMAND_LIMITS.options).map(subcommandToDiscord)
    : optionsToDiscord(spec.options);
  return {
    type: ApplicationCommandType.ChatInput,
    name: discordName(spec.name),
    description: description(spec.description, spec.name),
    options,
    default_member_permissions: permissionBits(commandPermission(spec)),
    ...(opts.global
      ? { contexts: commandContexts(spec), integration_types: [ApplicationIntegrationType.GuildInstall] }
      : {}),
  };
}

/** The full registration body. Throws on two commands (or options) mapping to the same Discord name. */
export function buildCommandPayloads(commands: CommandSpec[], opts: PayloadOptions = {}): CommandJson[] {
  const out = commands.slice(0, COMMAND_LIMITS.commands).map((c) => commandToDiscord(c, opts));
  const seen = new Set<string>();
  for (const c of out) {
    if (seen.has(c.name)) throw new Error(`two commands share the Discord name "${c.name}"`);
    seen.add(c.name);
    const optNames = new Set<string>();
    for (const o of c.options ?? []) {
      if (optNames.has(o.name)) throw new Error(`command "${c.name}" has two options named "${o.name}"`);
      optNames.add(o.name);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Mapping an interaction's options back to the spec

export interface RawOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: readonly RawOption[];
  focused?: boolean;
}

export function findSpec(commands: CommandSpec[], discordCommandName: string): CommandSpec | undefined {
  return commands.find((c) => discordName(c.name) === discordCommandName);
}

/** Interaction options -> the dispatcher's invocation (spec names, not Discord names). */
export function toInvocation(
  spec: CommandSpec,
  data: readonly RawOption[],
): { command: string; subcommand?: string; args: Args; focused?: string } {
  let options = spec.options;
  let subcommand: string | undefined;
  let raw = data;
  const sub = data.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  if (sub && spec.subcommands?.length) {
    const s = spec.subcommands.find((x) => discordName(x.name) === sub.name);
    subcommand = s?.name ?? sub.name;
    options = s?.options ?? [];
    raw = sub.options ?? [];
  }
  const args: Args = {};
  let focused: string | undefined;
  for (const o of raw) {
    const specOpt = options.find((x) => discordName(x.name) === o.name);
    const name = specOpt?.name ?? o.name;
    if (o.value !== undefined) args[name] = o.value;
    if (o.focused) focused = name;
  }
  return { command: spec.name, subcommand, args, focused };
}

export function optionSpecFor(spec: CommandSpec, subcommand: string | undefined, name: string): OptionSpec | undefined {
  const options = subcommand ? (spec.subcommands?.find((s) => s.name === subcommand)?.options ?? []) : spec.options;
  return options.find((o) => o.name === name);
}

// ---------------------------------------------------------------------------------------------------------
// Comparing with what Discord has (Sapphire-style: normalise both sides, compare only what we control)

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function normaliseOption(o: Record<string, unknown>): Json {
  const out: { [k: string]: Json } = {
    type: Number(o.type),
    name: String(o.name),
    description: String(o.description ?? ''),
    required: Boolean(o.required),
    autocomplete: Boolean(o.autocomplete),
    choices: Array.isArray(o.choices)
      ? (o.choices as { name: unknown; value: unknown }[]).map((c) => ({
          name: String(c.name),
          value: c.value as Json,
        }))
      : [],
    min_value: (o.min_value as number | undefined) ?? null,
    max_value: (o.max_value as number | undefined) ?? null,
    min_length: (o.min_length as number | undefined) ?? null,
    max_length: (o.max_length as number | undefined) ?? null,
    channel_types: Array.isArray(o.channel_types) ? (o.channel_types as number[]).slice().sort() : [],
    name_localizations: emptyToNull(o.name_localizations),
    description_localizations: emptyToNull(o.description_localizations),
    options: Array.isArray(o.options) ? (o.options as Record<string, unknown>[]).map(normaliseOption) : [],
  };
  // Subcommands are never "required" on Discord's side
  if (
    out.type === ApplicationCommandOptionType.Subcommand ||
    out.type === ApplicationCommandOptionType.SubcommandGroup
  ) {
    out.required = false;
  }
  return out;
}

function emptyToNull(v: unknown): Json {
  if (!v || typeof v !== 'object' || Object.keys(v).length === 0) return null;
  return v as Json;
}

function sortedOrNull(v: unknown): Json {
  return Array.isArray(v) ? (v as number[]).map(Number).sort((a, b) => a - b) : null;
}

/** The fields of a command we set, in one canonical form, so local and remote compare equal when unchanged. */
export function normaliseCommand(c: Record<string, unknown>): { [k: string]: Json } {
  const perms = c.default_member_permissions;
  return {
    contexts: sortedOrNull(c.contexts),
    integration_types: sortedOrNull(c.integration_types),
    type: Number(c.type ?? ApplicationCommandType.ChatInput),
    name: String(c.name),
    description: String(c.description ?? ''),
    default_member_permissions: perms === undefined || perms === null ? null : String(perms),
    nsfw: Boolean(c.nsfw),
    name_localizations: emptyToNull(c.name_localizations),
    description_localizations: emptyToNull(c.description_localizations),
    options: Array.isArray(c.options) ? (c.options as Record<string, unknown>[]).map(normaliseOption) : [],
  };
}

export interface CommandDiff {
  added: string[];
  removed: string[];
  changed: { name: string; paths: string[] }[];
  unchanged: string[];
}

function differences(a: Json, b: Json, path: string, out: string[]): void {
  if (a === b) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) {
      out.push(`${path}.length`);
      return;
    }
    a.forEach((x, i) => {
      differences(x, b[i] as Json, `${path}[${i}]`, out);
    });
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      differences(a[k] ?? null, b[k] ?? null, path ? `${path}.${k}` : k, out);
    }
    return;
  }
  out.push(path || '(root)');
}

/** Compare the local command set with the remote one (as returned by GET .../commands). */
export function diffCommands(local: readonly object[], remote: readonly object[]): CommandDiff {
  const L = new Map(
    local.map((c) => [String((c as { name: unknown }).name), normaliseCommand(c as Record<string, unknown>)]),
  );
  const R = new Map(
    remote.map((c) => [String((c as { name: unknown }).name), normaliseCommand(c as Record<string, unknown>)]),
  );
  const diff: CommandDiff = { added: [], removed: [], changed: [], unchanged: [] };
  for (const [name, l] of L) {
    const r = R.get(name);
    if (!r) {
      diff.added.push(name);
      continue;
    }
    // Fields we do not send (guild commands: contexts, integration_types) are Discord's to fill in.
    for (const k of ['contexts', 'integration_types']) if (l[k] === null) r[k] = null;
    const paths: string[] = [];
    differences(l, r, '', paths);
    if (paths.length) diff.changed.push({ name, paths });
    else diff.unchanged.push(name);
  }
  for (const name of R.keys()) if (!L.has(name)) diff.removed.push(name);
  return diff;
}

export function isSame(diff: CommandDiff): boolean {
  return !diff.added.length && !diff.removed.length && !diff.changed.length;
}

export function describeDiff(diff: CommandDiff): string {
  const parts: string[] = [];
  if (diff.added.length) parts.push(`added ${diff.added.join(', ')}`);
  if (diff.changed.length) {
    parts.push(
      `changed ${diff.changed.map((c) => `${c.name} (${c.paths.slice(0, 3).join(', ')}${c.paths.length > 3 ? ', …' : ''})`).join(', ')}`,
    );
  }
  if (diff.removed.length) parts.push(`removed ${diff.removed.join(', ')}`);
  return parts.join('; ') || 'no changes';
}
