/**
 * The `whip` command tree (commander), built without side effects so tests can parse an argv and see which
 * command and arguments it means. Every chat command in commands/ is also a CLI command, and takes its options
 * the way chat does: by name (`--role X`, `role:X`) or by position in the spec's order
 * (`whip who "Deputy Prime Minister" lib-lab`, `whip profile Nick Clegg`, `whip digest subscribe daily 08:00`).
 */
import { Command, Option } from 'commander';
import { argvTokens, parseArgs } from '../core/commands/parseText.js';
import type { Args, CommandSpec, OptionSpec } from '../core/commands/spec.js';
import { usageLine } from '../core/commands/usage.js';

export interface ChatRun {
  command: string;
  subcommand?: string;
  args: Args;
  json: boolean;
  /** `ask --jsonl`: one question per stdin line. */
  jsonl: boolean;
}

export type ChatRunner = (run: ChatRun) => Promise<void>;

function toOption(o: OptionSpec): Option {
  const flag = o.type === 'boolean' ? `--${o.name}` : `--${o.name} <${o.type === 'integer' ? 'n' : 'value'}>`;
  const opt = new Option(flag, o.description);
  if (o.choices?.length) opt.choices(o.choices.map((c) => c.value));
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

/** Commander's option names are camelCase (`whenEmpty`); the spec's are snake_case (`when_empty`). */
function specNames(options: OptionSpec[], args: Args): Args {
  const out: Args = {};
  for (const [k, v] of Object.entries(args)) {
    const o = options.find((x) => x.name.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase()) === k);
    out[o?.name ?? k] = v;
  }
  return out;
}

function addChatCommand(program: Command, spec: CommandSpec, run: ChatRunner): void {
  const add = (parent: Command, name: string, options: OptionSpec[], sub?: string) => {
    const subSpec = spec.subcommands?.find((s) => s.name === sub);
    const cmd = parent.command(name).description(subSpec?.description ?? spec.description);
    const head = `whip ${spec.name}${sub ? ` ${sub}` : ''}`;
    cmd.usage(`${usageLine(spec, subSpec, 'cli').slice(head.length).trim()} [--json]`.trim());
    cmd.argument(
      '[arguments...]',
      spec.rest ? 'the question' : `values of ${options.map((o) => o.name).join(', ') || 'nothing'}, in this order`,
    );
    for (const o of options) if (o.name !== spec.rest) cmd.addOption(toOption(o));
    cmd.option('--json', 'print the reply as one JSON object');
    if (spec.rest) cmd.option('--jsonl', 'read one question per line on stdin; print one JSON object per line');
    cmd.action(async (words: string[], opts: Record<string, unknown>) => {
      const tokens = [...(sub ? [{ text: sub, quoted: false }] : []), ...argvTokens(words)];
      const inv = parseArgs(spec, tokens, specNames(options, pickArgs(opts)));
      await run({ ...inv, json: Boolean(opts.json), jsonl: Boolean(opts.jsonl) });
    });
  };
  if (spec.subcommands?.length) {
    const parent = program.command(spec.name).description(spec.description);
    for (const s of spec.subcommands) add(parent, s.name, s.options, s.name);
  } else {
    add(program, spec.name, spec.options);
  }
}

/** The command tree. Usage errors from commander exit 2 like the dispatcher's (see run.ts). */
export function buildProgram(commands: CommandSpec[], run: ChatRunner): Command {
  const program = new Command('whip')
    .description('Whip: a politics briefing bot for Discord, Slack and the console.')
    .showHelpAfterError('(run `whip --help` for usage)')
    .configureOutput({ outputError: (str, write) => write(str) })
    .exitOverride();
  for (const spec of commands) addChatCommand(program, spec, run);
  return program;
}
