/**
 * `whip digest preview` and `whip digest run`: the console side of digests. The chat command's subcommands
 * (`whip digest subscribe|list|pause|resume|unsubscribe|now`) are generated from commands/digest.ts; this
 * replaces its `preview` with one that takes a window, and adds `run`. Actions import their module lazily.
 */
import { type Command, Option } from 'commander';

export function registerDigestCli(program: Command): void {
  const digest =
    program.commands.find((c) => c.name() === 'digest') ??
    program.command('digest').description('Scheduled digests of what is new in the knowledge base');
  const subs = digest.commands as Command[];
  const generated = subs.findIndex((c) => c.name() === 'preview');
  if (generated >= 0) subs.splice(generated, 1);

  digest
    .command('preview')
    .description('Print the digest for a window (default: since the channel’s last digest, or the look-back window)')
    .option('--since <iso>', 'start of the window (ISO date/time, e.g. 2026-03-01 or 2026-03-01T08:00:00Z)')
    .option('--until <iso>', 'end of the window (default: now)')
    .option('--channel <id>', 'use this channel’s subscription (time zone, last digest)', 'console')
    .addOption(
      new Option('--platform <name>', 'platform of --channel')
        .choices(['console', 'discord', 'slack'])
        .default('console'),
    )
    .option('--json', 'print the reply as JSON')
    .action(async (opts: { since?: string; until?: string; channel: string; platform: string; json?: boolean }) => {
      const { runDigestPreview } = await import('../digest/cli.js');
      await runDigestPreview(opts);
    });

  digest
    .command('run')
    .description(
      'Run the digest scheduler for console subscriptions, printing each digest (recorded in the ledger like the bot does)',
    )
    .option('--once', 'one pass: post what is due, then exit')
    .option('--at <iso>', 'pretend it is this time (ISO), e.g. to print a given schedule window')
    .option('--dry-run', 'print what every due subscription (any platform) would get, without recording anything')
    .action(async (opts: { once?: boolean; at?: string; dryRun?: boolean }) => {
      const { runDigestScheduler } = await import('../digest/cli.js');
      await runDigestScheduler(opts);
    });
}
