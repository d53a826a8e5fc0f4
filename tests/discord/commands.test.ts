import { readFileSync } from 'node:fs';
import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import {
  buildCommandPayloads,
  commandToDiscord,
  describeDiff,
  diffCommands,
  discordName,
  isSame,
  toInvocation,
} from '../../src/adapters/discord/commands.js';
import type { CommandSpec } from '../../src/core/commands/spec.js';
import { infoReply } from '../../src/core/reply.js';

const handler = () => infoReply('ok', 'ok');

const alerts: CommandSpec = {
  name: 'Alerts',
  description: 'Daily alerts. '.repeat(20),
  options: [],
  subcommands: [
    {
      name: 'subscribe',
      description: 'Subscribe this channel',
      permission: 'manage_channel',
      options: [
        { name: 'time', description: 'When, e.g. 08:00', type: 'string' },
        { name: 'timezone', description: 'IANA zone', type: 'string', required: true, autocomplete: 'timezone' },
        { name: 'days', description: 'Look-back', type: 'integer', min: 1, max: 30 },
        {
          name: 'frequency',
          description: 'How often',
          type: 'string',
          choices: [
            { name: 'Daily', value: 'daily' },
            { name: 'Weekly', value: 'weekly' },
          ],
        },
      ],
      handler,
    },
    { name: 'status', description: 'Show the subscription', permission: 'manage_channel', options: [], handler },
  ],
};

const admin: CommandSpec = {
  name: 'reload',
  description: 'Reload the KB',
  options: [{ name: 'dry run', description: 'x', type: 'boolean' }],
  permission: 'admin',
  handler,
};

/** What Discord echoes back for a PUT: ids, versions, defaults, and no `required: false` / `autocomplete: false`. */
function asDiscordEchoes(body: ReturnType<typeof buildCommandPayloads>): object[] {
  const strip = (opts: unknown): unknown =>
    Array.isArray(opts)
      ? opts.map((o: Record<string, unknown>) => {
          const { required, autocomplete, options, ...rest } = o;
          return {
            ...rest,
            ...(required ? { required } : {}),
            ...(autocomplete ? { autocomplete } : {}),
            ...(options ? { options: strip(options) } : {}),
          };
        })
      : undefined;
  return body.map((c, i) => ({
    id: String(1000 + i),
    application_id: '1',
    version: '2',
    type: 1,
    name: c.name,
    description: c.description,
    default_member_permissions: c.default_member_permissions ?? null,
    dm_permission: true,
    contexts: null,
    integration_types: [0],
    nsfw: false,
    ...(c.options ? { options: strip(c.options) } : {}),
  }));
}

describe('slash command generation', () => {
  it('generates every command in commands/ with names, descriptions and options Discord accepts', () => {
    const body = buildCommandPayloads(commands);
    expect(body.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    for (const c of body) {
      expect(c.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(100);
      for (const o of c.options ?? []) {
        expect(o.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
        expect(o.description.length).toBeLessThanOrEqual(100);
      }
    }
    const ask = body.find((c) => c.name === 'ask');
    expect(ask?.options).toEqual([
      expect.objectContaining({ type: 3, name: 'question', required: true, max_length: 2000 }),
    ]);
    expect(ask?.default_member_permissions).toBeNull();
    const who = body.find((c) => c.name === 'who');
    expect(who?.options).toEqual([
      expect.objectContaining({ type: 3, name: 'role', required: true, autocomplete: true }),
      expect.objectContaining({ type: 3, name: 'scenario', required: false, autocomplete: true }),
    ]);
  });

  it('global commands open to everyone also work in a DM with the bot; configuration commands need a server', () => {
    const body = buildCommandPayloads(commands, { global: true });
    const contexts = Object.fromEntries(body.map((c) => [c.name, c.contexts]));
    for (const name of ['ask', 'who', 'quote', 'claims', 'profile', 'sources', 'help']) {
      expect(contexts[name], name).toEqual([0, 1]); // Guild, BotDM
    }
    expect(contexts.digest).toEqual([0]);
    expect(contexts.feeds).toEqual([0]);
    expect(new Set(body.map((c) => JSON.stringify(c.integration_types)))).toEqual(new Set(['[0]']));
    // Guild commands carry neither field (Discord takes them on global commands only).
    for (const c of buildCommandPayloads(commands)) {
      expect(c).not.toHaveProperty('contexts');
      expect(c).not.toHaveProperty('integration_types');
    }
  });

  it('notices a command whose contexts changed, and ignores contexts Discord fills in for guild commands', () => {
    const global = buildCommandPayloads(commands, { global: true });
    const remote = global.map((c) => (c.name === 'ask' ? { ...c, contexts: [0] } : c));
    expect(diffCommands(global, remote).changed).toEqual([{ name: 'ask', paths: ['contexts.length'] }]);
    const guild = buildCommandPayloads(commands);
    const echoed = guild.map((c) => ({ ...c, contexts: [0, 1, 2], integration_types: [0] }));
    expect(isSame(diffCommands(guild, echoed))).toBe(true);
  });

  it('maps subcommands, choices, autocomplete, integer bounds and permissions', () => {
    const c = commandToDiscord(alerts);
    expect(c.name).toBe('alerts');
    expect(c.description.length).toBeLessThanOrEqual(100);
    expect(c.description.endsWith('…')).toBe(true);
    expect(c.default_member_permissions).toBe('16'); // Manage Channels
    const sub = c.options?.[0] as unknown as { type: number; name: string; options: Record<string, unknown>[] };
    expect(sub.type).toBe(1);
    expect(sub.name).toBe('subscribe');
    // required options first (Discord rejects a required option after an optional one)
    expect(sub.options.map((o) => o.name)).toEqual(['timezone', 'time', 'days', 'frequency']);
    expect(sub.options[0]).toMatchObject({ type: 3, autocomplete: true, required: true });
    expect(sub.options[2]).toMatchObject({ type: 4, min_value: 1, max_value: 30 });
    expect(sub.options[3]).toMatchObject({
      choices: [
        { name: 'Daily', value: 'daily' },
        { name: 'Weekly', value: 'weekly' },
      ],
    });
    expect(sub.options[3]).not.toHaveProperty('autocomplete');

    const r = commandToDiscord(admin);
    expect(r.default_member_permissions).toBe('32'); // Manage Server
    expect(r.options?.[0]).toMatchObject({ type: 5, name: 'dry-run' });
  });

  it('shows a command with mixed subcommand permissions to the least restricted audience', () => {
    const mixed: CommandSpec = {
      ...alerts,
      subcommands: [...(alerts.subcommands ?? []), { name: 'preview', description: 'Preview', options: [], handler }],
    };
    expect(commandToDiscord(mixed).default_member_permissions).toBeNull();
  });

  it('rejects two commands with the same Discord name', () => {
    expect(() => buildCommandPayloads([admin, { ...admin, name: 'RELOAD' }])).toThrow(
      /share the Discord name "reload"/,
    );
    expect(discordName('Dry Run!')).toBe('dry-run');
  });
});

describe('diffCommands', () => {
  it('sees no change when Discord echoes exactly what was registered', () => {
    const body = buildCommandPayloads([...commands, alerts, admin]);
    const diff = diffCommands(body, asDiscordEchoes(body));
    expect(diff.changed).toEqual([]);
    expect(isSame(diff)).toBe(true);
    expect(describeDiff(diff)).toBe('no changes');
  });

  it('reports added, removed and changed commands with the changed paths', () => {
    const body = buildCommandPayloads([...commands, alerts]);
    const remote = asDiscordEchoes(buildCommandPayloads([...commands, admin])) as Record<string, unknown>[];
    const who = remote.find((c) => c.name === 'who') as { options: { description: string }[] };
    (who.options[0] as { description: string }).description = 'old description';
    const diff = diffCommands(body, remote);
    expect(diff.added).toEqual(['alerts']);
    expect(diff.removed).toEqual(['reload']);
    expect(diff.changed).toEqual([{ name: 'who', paths: ['options[0].description'] }]);
    expect(isSame(diff)).toBe(false);
    expect(describeDiff(diff)).toContain('added alerts');
  });

  it('notices a permission change and an option becoming required', () => {
    const body = buildCommandPayloads([admin]);
    const remote = asDiscordEchoes(body) as Record<string, unknown>[];
    (remote[0] as Record<string, unknown>).default_member_permissions = '8';
    expect(diffCommands(body, remote).changed[0]?.paths).toEqual(['default_member_permissions']);
    const remote2 = asDiscordEchoes(body) as { options: Record<string, unknown>[] }[];
    (remote2[0]?.options[0] as Record<string, unknown>).required = true;
    expect(diffCommands(body, remote2).changed[0]?.paths).toEqual(['options[0].required']);
  });
});

describe('toInvocation', () => {
  it('maps interaction options back to spec names, with subcommands and the focused option', () => {
    const inv = toInvocation(alerts, [
      {
        name: 'subscribe',
        type: 1,
        options: [
          { name: 'timezone', type: 3, value: 'Europe/Lon', focused: true },
          { name: 'days', type: 4, value: 7 },
        ],
      },
    ]);
    expect(inv).toEqual({
      command: 'Alerts',
      subcommand: 'subscribe',
      args: { timezone: 'Europe/Lon', days: 7 },
      focused: 'timezone',
    });
    expect(toInvocation(admin, [{ name: 'dry-run', type: 5, value: true }]).args).toEqual({ 'dry run': true });
  });
});

describe('the README invite link', () => {
  it('asks for every permission Whip uses: post, embed, reply (history) and follow up in threads', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const bits = BigInt(/oauth2\/authorize\?[^`\s]*permissions=(\d+)/.exec(readme)?.[1] ?? '0');
    for (const name of [
      'ViewChannel',
      'SendMessages',
      'EmbedLinks',
      'SendMessagesInThreads',
      'ReadMessageHistory',
    ] as const) {
      expect(bits & PermissionFlagsBits[name], name).toBe(PermissionFlagsBits[name]);
    }
    expect(bits & PermissionFlagsBits.Administrator).toBe(0n);
  });
});
