import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { BOT_EVENTS, buildManifest, usageHint } from '../../src/adapters/slack/manifest.js';
import { defineCommand } from '../../src/core/commands/spec.js';
import { infoReply } from '../../src/core/reply.js';

describe('Slack app manifest', () => {
  it('builds the usage hint from the command specs', () => {
    const hint = usageHint(commands);
    expect(hint.startsWith('[question] | ')).toBe(true);
    expect(hint).toContain('who <role> [scenario]');
    expect(hint).toContain('quote [speaker] [topic]');
    expect(hint).toContain('sources');
    expect(hint).not.toMatch(/\bask\b/);
    const withSubs = usageHint([
      ...commands,
      defineCommand({
        name: 'digest',
        description: 'd',
        options: [],
        subcommands: [{ name: 'subscribe', description: 's', options: [], handler: () => infoReply('', '') }],
      }),
    ]);
    expect(withSubs).toContain('digest subscribe …');
  });

  it('HTTP mode: one request URL for commands, events and interactivity', () => {
    const m = buildManifest(commands, { baseUrl: 'https://whip.example.org/' });
    const url = 'https://whip.example.org/slack/events';
    expect(m.features.slash_commands[0]).toMatchObject({ command: '/whip', url, should_escape: false });
    expect(m.settings.event_subscriptions).toEqual({ request_url: url, bot_events: BOT_EVENTS });
    expect(m.settings.interactivity).toEqual({ is_enabled: true, request_url: url });
    expect(m.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['app_uninstalled', 'tokens_revoked']),
    );
    expect(m.oauth_config.redirect_urls).toEqual(['https://whip.example.org/slack/oauth_redirect']);
    expect(m.settings.socket_mode_enabled).toBe(false);
    expect(m.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining([
        'commands',
        'chat:write',
        'app_mentions:read',
        'channels:history',
        'groups:history',
        'users:read',
      ]),
    );
    expect(m.display_information.description.length).toBeLessThanOrEqual(140);
  });

  it('Socket Mode: no request URLs, placeholders otherwise', () => {
    const s = buildManifest(commands, { socketMode: true });
    expect(s.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(s)).not.toContain('request_url');
    expect(JSON.stringify(s)).not.toContain('"url"');
    expect(JSON.stringify(buildManifest(commands))).toContain('https://YOUR-PUBLIC-HOST/slack/events');
  });
});
