/**
 * `whip discord …`: Discord set-up commands. The discord.js-heavy module is imported only inside the action.
 */
import type { Command } from 'commander';

export function registerDiscordCli(program: Command): void {
  const discord = program.command('discord').description('Discord set-up');
  discord
    .command('register')
    .description(
      'Register the slash commands with Discord (a guild for development, global for release); only writes when they changed',
    )
    .option('--guild <id>', 'register in this guild (default: DISCORD_GUILD_ID; global when neither is set)')
    .option('--global', 'register globally even when DISCORD_GUILD_ID is set')
    .option('--dry-run', 'compare with what Discord has and print what would change, without writing')
    .action(async (opts: { guild?: string; global?: boolean; dryRun?: boolean }) => {
      const { runRegister } = await import('../adapters/discord/register.js');
      await runRegister(opts);
    });
}
