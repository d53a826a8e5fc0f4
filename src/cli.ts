/**
 * The `whip` command line (commander). Every chat command in commands/ is also a one-shot CLI command
 * (`whip ask "…"`, `whip who "Deputy Prime Minister" lib-lab`), printed as text or, with --json, as the JSON
 * contract. Heavy modules (discord.js, Bolt, NLP) are imported only by the subcommands that need them.
 */
import { commands } from '../commands/index.js';
import { registerExtraCommands } from './cli/extra.js';
import { buildProgram } from './cli/program.js';
import { quietOnClosedPipe, runCli } from './cli/run.js';

quietOnClosedPipe();

const program = buildProgram(commands, async (run) => {
  const { runOneShot, runJsonLines } = await import('./cli/oneShot.js');
  if (run.jsonl) await runJsonLines(run.command, 'question');
  else await runOneShot(run.command, run.subcommand, run.args, run.json);
});

program
  .command('start')
  .description('Run the bot: Discord and/or Slack when their tokens are set, otherwise the console REPL')
  .option('--console', 'open the console REPL even when platform tokens are set')
  .action(async (opts: { console?: boolean }) => {
    const { startBot } = await import('./main.js');
    await startBot({ forceConsole: Boolean(opts.console) });
  });

const kb = program.command('kb').description('Knowledge-base maintenance');
kb.command('check')
  .description('Validate kb/: schema, references, duplicate ids, verbatim evidence (file:line: message)')
  .option('--dir <path>', 'KB directory (default: WHIP_KB_DIR or the bundled kb/)')
  .action(async (opts: { dir?: string }) => {
    const { runKbCheck } = await import('./cli/kb.js');
    await runKbCheck(opts.dir);
  });
kb.command('gaps')
  .description('Questions the KB could not answer, most frequent first')
  .option('--limit <n>', 'how many', '20')
  .action(async (opts: { limit: string }) => {
    const { runKbGaps } = await import('./cli/kb.js');
    await runKbGaps(Number(opts.limit) || 20);
  });

kb.command('prune')
  .description('Remove ingested articles published before DATE (with their analyses and index rows)')
  .option('--before <date>', 'YYYY-MM-DD (default: today minus WHIP_KB_RETENTION_DAYS)')
  .option('--dry-run', 'only list what would be removed')
  .action(async (opts: { before?: string; dryRun?: boolean }) => {
    const { runKbPrune } = await import('./cli/kb.js');
    await runKbPrune(opts.before, Boolean(opts.dryRun));
  });

// Platform and feature subcommands (discord register, slack manifest, digest, ingest, feeds) live in cli/extra.ts.
registerExtraCommands(program);

await runCli(program);
