/**
 * A command is declared once (commands/*.ts) and served on every platform: name, description, typed options
 * (with autocomplete sources from the KB), permission, and a handler returning the reply model.
 * Modelled on Hubot's CommandBus: the spec carries everything an adapter needs to register, parse and check it.
 */
import type { Reply } from '../reply.js';
import type { Services } from '../services.js';

export type Platform = 'console' | 'discord' | 'slack';

export type OptionType = 'string' | 'integer' | 'boolean';

/** Where autocomplete suggestions for an option come from. */
export type AutocompleteSource = 'entity' | 'person' | 'role' | 'scenario' | 'topic' | 'timezone';

export interface OptionSpec {
  name: string;
  description: string;
  type: OptionType;
  required?: boolean;
  choices?: { name: string; value: string }[];
  autocomplete?: AutocompleteSource;
  maxLength?: number;
  min?: number;
  max?: number;
  /**
   * A regular expression (source) every bare value of this option matches, e.g. an IANA time zone. Lets the text
   * grammar give a trailing word to this option rather than to the multi-word value before it.
   */
  shape?: string;
}

/** Where a command was typed: decides how usage lines and examples are spelled back. */
export type Surface = 'cli' | 'console' | 'slack' | 'discord';

/**
 * An example for help and the README: `text` as typed after the command prefix (`who "Deputy Prime Minister"
 * lib-lab`), and what it must mean. A test runs every example through every surface's parser.
 */
export interface Example {
  text: string;
  subcommand?: string;
  args: Args;
}

/**
 * `everyone`: anyone. `manage_channel`: people allowed to manage the channel (Discord Manage Channels; Slack
 * workspace admins/owners or configured users). `admin`: operators (Discord Administrator / Manage Server;
 * Slack admins/owners or configured users; the local console). Checked by the dispatcher on every call.
 */
export type Permission = 'everyone' | 'manage_channel' | 'admin';

export type Args = Record<string, string | number | boolean | undefined>;

export interface Caller {
  id: string;
  /** Display name; never stored unless the operator enables it. */
  name?: string;
  isAdmin: boolean;
  canManageChannel: boolean;
}

export interface CommandContext {
  platform: Platform;
  services: Services;
  caller: Caller;
  /** Channel (Discord channel, Slack channel, console: "console"). */
  channelId?: string;
  /** Discord guild or Slack team. */
  workspaceId?: string;
  /** Where the command was typed (default: the platform's chat syntax; the CLI sets `cli`). */
  surface?: Surface;
}

export type Handler = (args: Args, ctx: CommandContext) => Promise<Reply> | Reply;

export interface SubcommandSpec {
  name: string;
  description: string;
  options: OptionSpec[];
  permission?: Permission;
  handler: Handler;
}

export interface CommandSpec {
  name: string;
  description: string;
  /** Options of a command without subcommands. */
  options: OptionSpec[];
  /** A command with subcommands (e.g. `digest subscribe`) has no handler of its own. */
  subcommands?: SubcommandSpec[];
  permission?: Permission;
  /** The option a bare text argument fills (e.g. `ask`'s `question`), for text platforms. */
  rest?: string;
  /** Replies only the caller sees (help, sources): ephemeral on Discord and Slack. */
  ephemeral?: boolean;
  /** Usage examples for help (the first is shown in the command list). */
  examples?: Example[];
  handler?: Handler;
}

export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}
