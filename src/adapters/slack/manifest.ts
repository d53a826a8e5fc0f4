/**
 * A Slack app manifest generated from the command specs, so installing Whip is copy-paste: the /whip slash
 * command (usage hint built from commands/), the bot scopes and events the adapter uses, interactivity for the
 * buttons, and Socket Mode or request URLs. Pure: `whip slack manifest` prints it.
 */
import type { CommandSpec, OptionSpec } from '../../core/commands/spec.js';
import { truncate } from '../../core/reply.js';

export const SLASH_COMMAND = '/whip';
export const EVENTS_PATH = '/slack/events';
export const PLACEHOLDER_BASE_URL = 'https://YOUR-PUBLIC-HOST';

/** Bot scopes, each for a reason the adapter has. */
export const BOT_SCOPES: Record<string, string> = {
  commands: 'the /whip slash command',
  'chat:write': 'answers, thread replies and digests',
  'chat:write.public': 'digests to public channels Whip has not been invited to',
  'app_mentions:read': '@Whip questions',
  'channels:history': 'follow-up questions in a thread Whip answered (public channels)',
  'groups:history': 'follow-up questions in a thread Whip answered (private channels)',
  'users:read': 'checking whether a user is a workspace admin/owner for admin-only commands',
  'im:history': 'questions sent to Whip in its App Home messages tab (answered privately there)',
};

/**
 * `app_uninstalled` and `tokens_revoked` need no scope: with OAuth (many workspaces) they remove a workspace's
 * stored installation; with one bot token they are received and ignored.
 */
export const BOT_EVENTS = [
  'app_mention',
  'message.channels',
  'message.groups',
  'message.im',
  'app_uninstalled',
  'tokens_revoked',
];
/** Where Slack sends the browser back after an OAuth install (Bolt's default redirect path). */
export const OAUTH_REDIRECT_PATH = '/slack/oauth_redirect';

export interface ManifestOptions {
  name?: string;
  /** Public base URL of the HTTP receiver, e.g. https://whip.example.org (HTTP mode). */
  baseUrl?: string;
  socketMode?: boolean;
}

function optionHint(o: OptionSpec): string {
  return o.required ? `<${o.name}>` : `[${o.name}]`;
}

/** "[question] | who <role> [scenario] | quote [speaker] [topic] | … | help" from the command specs. */
export function usageHint(commands: CommandSpec[]): string {
  const parts: string[] = [];
  const free = commands.find((c) => c.rest);
  if (free) parts.push(`[${free.rest}]`);
  for (const c of commands) {
    if (c === free) continue;
    if (c.subcommands?.length) {
      parts.push(`${c.name} ${c.subcommands.map((s) => s.name).join('|')} …`);
    } else {
      parts.push([c.name, ...c.options.map(optionHint)].join(' '));
    }
  }
  return truncate(parts.join(' | '), 1000);
}

export function buildManifest(commands: CommandSpec[], opts: ManifestOptions = {}) {
  const name = opts.name ?? 'Whip';
  const socket = Boolean(opts.socketMode);
  const base = (opts.baseUrl ?? PLACEHOLDER_BASE_URL).replace(/\/+$/, '');
  const url = `${base}${EVENTS_PATH}`;
  const example =
    commands.find((c) => c.rest)?.examples?.[0]?.text.replace(/^\w+\s+/, '') ?? 'who is DPM under Lib-Lab?';
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name,
      description: truncate('Politics briefings with sources: ask a question, get a cited answer.', 140),
      long_description: truncate(
        [
          `${name} answers questions about the news in its knowledge base. Every answer quotes its evidence, says who said it and as of when; if sources disagree you see both sides, and if the knowledge base does not know, ${name} says so.`,
          `Try \`${SLASH_COMMAND} ${example}\` or mention @${name} in a channel. Commands: ${commands.map((c) => c.name).join(', ')}.`,
        ].join('\n\n'),
        4000,
      ),
      background_color: '#1d3557',
    },
    features: {
      bot_user: { display_name: name, always_online: true },
      // The App Home messages tab: a private conversation with Whip.
      app_home: { messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      slash_commands: [
        {
          command: SLASH_COMMAND,
          ...(socket ? {} : { url }),
          description: truncate(`Ask ${name}: ${commands.map((c) => c.name).join(', ')}`, 2000),
          usage_hint: usageHint(commands),
          should_escape: false,
        },
      ],
    },
    oauth_config: {
      // For installing in many workspaces (SLACK_CLIENT_ID): harmless for a single-workspace install.
      ...(socket ? {} : { redirect_urls: [`${base}${OAUTH_REDIRECT_PATH}`] }),
      scopes: { bot: Object.keys(BOT_SCOPES) },
    },
    settings: {
      event_subscriptions: { ...(socket ? {} : { request_url: url }), bot_events: BOT_EVENTS },
      interactivity: { is_enabled: true, ...(socket ? {} : { request_url: url }) },
      org_deploy_enabled: false,
      socket_mode_enabled: socket,
      token_rotation_enabled: false,
    },
  };
}
