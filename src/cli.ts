/**
 * The `whip` command line (commander). Every chat command in commands/ is also a one-shot CLI command
 * (`whip ask "…"`, `whip who --role … --scenario …`), printed as text or, with --json, as the JSON contract.
 * Heavy modules (discord.js, Bolt, NLP) are imported only by the subcommands that need them.
 */
import { Command, Option } from 'commander';
import { commands } from '../commands/index.js';
import { registerExtraCommands } from './cli/extra.js';
import { runCli } from './cli/run.js';
import type { Args, CommandSpec } from './core/commands/spec.js';

const program = new Command('whip')
  .description('Whip: a politics briefing bot for Discord, Slack and the console.')
  .showHelpAfterError('(run `whip --help` for usage)')
  .configureOutput({ outputError: (str, write) => write(str) });

program
  .command('start')
  .description('Run the bot: Discord and/or Slack when their tokens are set, otherwise the console REPL')
  .option('--console', 'open the console REPL even when platform tokens are set')
  .action(async (opts: { console?: boolean }) => {
    const { startBot } = await import('./main.js');
    await startBot({ forceConsole: Boolean(opts.console) });
  });

/** One CLI subcommand per chat command, generated from its spec. */
function addChatCommand(spec: CommandSpec): void {
  if (spec.subcommands?.length) {
    const parent = program.command(spec.name).description(spec.description);
    for (const sub of spec.subcommands) {
      const cmd = parent.command(sub.name).description(sub.description);
      for (const o of sub.options) cmd.addOption(toOption(o.name, o.description, o.type, o.choices));
      cmd.option('--json', 'print the reply as JSON');
      cmd.action(async (opts: Record<string, unknown>) => {
        const { runOneShot } = await import('./cli/oneShot.js');
        await runOneShot(spec.name, sub.name, pickArgs(opts), Boolean(opts.json));
      });
    }
    return;
  }
  const cmd = program.command(spec.name).description(spec.description);
  if (spec.rest) cmd.argument(`[${spec.rest}...]`, spec.options.find((o) => o.name === spec.rest)?.description);
  for (const o of spec.options) {
    if (o.name !== spec.rest) cmd.addOption(toOption(o.name, o.description, o.type, o.choices));
  }
  cmd.option('--json', 'print the reply as one JSON object');
  if (spec.rest) cmd.option('--jsonl', 'read one question per line on stdin; print one JSON object per line');
  cmd.action(async (...params: unknown[]) => {
    const restWords = spec.rest ? (params[0] as string[]) : [];
    const opts = (spec.rest ? params[1] : params[0]) as Record<string, unknown>;
    const args = pickArgs(opts);
    if (spec.rest && restWords.length) args[spec.rest] = restWords.join(' ');
    const { runOneShot, runJsonLines } = await import('./cli/oneShot.js');
    if (opts.jsonl) await runJsonLines(spec.name, spec.rest ?? 'question');
    else await runOneShot(spec.name, undefined, args, Boolean(opts.json));
  });
}

function toOption(name: string, description: string, type: string, choices?: { value: string }[]): Option {
  const flag = type === 'boolean' ? `--${name}` : `--${name} <${type === 'integer' ? 'n' : 'value'}>`;
  const opt = new Option(flag, description);
  if (choices?.length) opt.choices(choices.map((c) => c.value));
  return opt;
}

function pickArgs(opts: Record<string, unknown>): Args {
  const args: Args = {};
  for (const [k, v] of Object.entries(opts)) {
    if (k === 'json' || k === 'jsonl') continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') args[k] = v;
  }
  return args;
}

for (const spec of commands) addChatCommand(spec);

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

// Platform and feature subcommands (discord register, slack manifest, digest, ingest, feeds) live in cli/extra.ts.
registerExtraCommands(program);

await runCli(program);
