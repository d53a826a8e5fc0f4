/**
 * `whip discord register [--guild ID]`: register the slash commands generated from commands/, in one guild
 * (development: instant) or globally (release). Reads what Discord has first and only overwrites when something
 * changed, so running it on every deploy is cheap and never churns command ids.
 */
import { DiscordAPIError, REST, Routes } from 'discord.js';
import { commands as allCommands } from '../../../commands/index.js';
import { ConfigError, loadConfig } from '../../config.js';
import type { CommandSpec } from '../../core/commands/spec.js';
import { describeError } from '../../log.js';
import { buildCommandPayloads, type CommandDiff, describeDiff, diffCommands, isSame } from './commands.js';
import { DEFAULT_DISCORD_API } from './index.js';

export interface RegisterOptions {
  rest: REST;
  applicationId: string;
  guildId?: string;
  commands: CommandSpec[];
  /** Compare only; never PUT. */
  dryRun?: boolean;
}

export interface RegisterResult {
  scope: 'guild' | 'global';
  guildId?: string;
  changed: boolean;
  written: boolean;
  diff: CommandDiff;
  count: number;
}

export async function registerCommands(opts: RegisterOptions): Promise<RegisterResult> {
  const body = buildCommandPayloads(opts.commands, { global: !opts.guildId });
  const route = opts.guildId
    ? Routes.applicationGuildCommands(opts.applicationId, opts.guildId)
    : Routes.applicationCommands(opts.applicationId);
  const remote = (await opts.rest.get(route)) as object[];
  const diff = diffCommands(body, Array.isArray(remote) ? remote : []);
  const changed = !isSame(diff);
  if (changed && !opts.dryRun) await opts.rest.put(route, { body });
  return {
    scope: opts.guildId ? 'guild' : 'global',
    guildId: opts.guildId,
    changed,
    written: changed && !opts.dryRun,
    diff,
    count: body.length,
  };
}

export function summarise(r: RegisterResult): string {
  const where = r.scope === 'guild' ? `guild ${r.guildId}` : 'global scope';
  if (!r.changed) return `discord: ${r.count} commands in ${where} are up to date; nothing registered.`;
  const verb = r.written ? 'registered' : 'would register (dry run)';
  const note = r.scope === 'global' && r.written ? ' Global commands can take up to an hour to appear.' : '';
  return `discord: ${verb} ${r.count} commands in ${where}: ${describeDiff(r.diff)}.${note}`;
}

function explainRestError(e: unknown, where: string): string {
  if (e instanceof DiscordAPIError) {
    if (e.status === 401) return 'discord: DISCORD_TOKEN was rejected (401 Unauthorized); check the bot token';
    if (e.status === 403 || e.status === 404) {
      return `discord: cannot register in ${where} (${e.status} ${describeError(e)}); is the bot in that guild, invited with the applications.commands scope, and is DISCORD_APPLICATION_ID right?`;
    }
    return `discord: registration failed (${e.status} ${describeError(e)})`;
  }
  return `discord: registration failed: ${describeError(e)}`;
}

/** The CLI action. Prints one line saying what it did; failures become one clear line and a non-zero exit. */
export async function runRegister(opts: { guild?: string; global?: boolean; dryRun?: boolean }): Promise<void> {
  const config = await loadConfig();
  // A dry run without credentials works offline: it prints the payload it would send.
  if (opts.dryRun && (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID)) {
    const global = opts.global || !(opts.guild ?? config.DISCORD_GUILD_ID);
    const body = buildCommandPayloads(allCommands, { global });
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    process.stderr.write(
      `discord: dry run offline (DISCORD_TOKEN and DISCORD_APPLICATION_ID not both set): the ${body.length} commands above would be registered; set both to compare with what Discord has.\n`,
    );
    return;
  }
  const problems: string[] = [];
  if (!config.DISCORD_TOKEN)
    problems.push('config: DISCORD_TOKEN is required for `whip discord register` (the bot token)');
  if (!config.DISCORD_APPLICATION_ID) {
    problems.push(
      'config: DISCORD_APPLICATION_ID is required for `whip discord register` (the numeric application id)',
    );
  }
  const guildId = opts.global ? undefined : (opts.guild ?? config.DISCORD_GUILD_ID);
  if (guildId !== undefined && !/^\d{15,22}$/.test(guildId)) {
    problems.push(
      `config: --guild must be a numeric guild id (a snowflake like 123456789012345678) (got "${guildId}")`,
    );
  }
  if (problems.length) throw new ConfigError(problems);

  const rest = new REST({ api: config.DISCORD_API_BASE ?? DEFAULT_DISCORD_API }).setToken(
    config.DISCORD_TOKEN as string,
  );
  try {
    const result = await registerCommands({
      rest,
      applicationId: config.DISCORD_APPLICATION_ID as string,
      guildId,
      commands: allCommands,
      dryRun: opts.dryRun,
    });
    process.stdout.write(`${summarise(result)}\n`);
  } catch (e) {
    throw new Error(explainRestError(e, guildId ? `guild ${guildId}` : 'the global scope'));
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}
