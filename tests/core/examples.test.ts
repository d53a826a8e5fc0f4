/**
 * Every example Whip shows a person — each command's examples, everything `help` prints on each surface, and the
 * commands in the README — is run verbatim through the parser of the surface it is written for: the CLI
 * (commander + the shared grammar), the console, Slack's `/whip` text and Discord's slash-command options.
 * Each must mean the intended command and arguments and never be taken as a question.
 */
import { readFileSync } from 'node:fs';
import { ApplicationCommandOptionType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { discordName, type RawOption, toInvocation } from '../../src/adapters/discord/commands.js';
import { buildProgram, type ChatRun } from '../../src/cli/program.js';
import { findCommand, type Invocation, validateArgs } from '../../src/core/commands/dispatch.js';
import { parseCommandLine, splitArgs } from '../../src/core/commands/parseText.js';
import type { Args, CommandContext, CommandSpec, Example, Surface } from '../../src/core/commands/spec.js';
import { exampleLine } from '../../src/core/commands/usage.js';

interface Meaning {
  command: string;
  subcommand?: string;
  args: Args;
}

function optionsOf(inv: Invocation) {
  const spec = findCommand(commands, inv.command);
  if (!spec) throw new Error(`no command ${inv.command}`);
  const sub = spec.subcommands?.find((s) => s.name === inv.subcommand);
  return sub ? sub.options : spec.options;
}

/** What the dispatcher would run: validated, coerced arguments (or the validation errors). */
function meaning(inv: Invocation & { asQuestion?: boolean }): Meaning & { errors: string[]; asQuestion: boolean } {
  const { args, errors } = validateArgs(optionsOf(inv), inv.args);
  return {
    command: inv.command,
    ...(inv.subcommand ? { subcommand: inv.subcommand } : {}),
    args,
    errors,
    asQuestion: Boolean(inv.asQuestion),
  };
}

async function viaCli(line: string): Promise<Invocation> {
  const runs: ChatRun[] = [];
  const program = buildProgram(commands, async (run) => {
    runs.push(run);
  });
  program.configureOutput({ writeOut: () => {}, writeErr: () => {} });
  // The shell removes quotes and keeps quoted runs together, as splitArgs does.
  await program.parseAsync(['node', 'whip', ...splitArgs(line.replace(/^(npx )?whip /, ''))]);
  const [run] = runs;
  if (!run) throw new Error(`the CLI ran nothing for ${line}`);
  return { command: run.command, subcommand: run.subcommand, args: run.args };
}

/** What Discord's client sends for `/who role:Deputy Prime Minister scenario:lib-lab`. */
function viaDiscord(line: string): Invocation {
  const [name, ...words] = line.replace(/^\//, '').split(' ');
  const spec = commands.find((c) => discordName(c.name) === name);
  if (!spec) throw new Error(`no Discord command ${name}`);
  let options = spec.options;
  let text = words.join(' ');
  let subName: string | undefined;
  if (spec.subcommands?.length) {
    subName = words[0];
    options = spec.subcommands.find((s) => discordName(s.name) === subName)?.options ?? [];
    text = words.slice(1).join(' ');
  }
  const names = options.map((o) => discordName(o.name));
  const re = new RegExp(`(?:^|\\s)(${names.join('|') || '$^'}):`, 'g');
  const marks = [...text.matchAll(re)].map((m) => ({
    name: m[1] as string,
    at: m.index ?? 0,
    end: (m.index ?? 0) + m[0].length,
  }));
  expect(text.slice(0, marks[0]?.at ?? text.length).trim(), `${line}: text outside options`).toBe('');
  const raw: RawOption[] = marks.map((m, i) => {
    const value = text.slice(m.end, marks[i + 1]?.at ?? text.length).trim();
    const opt = options.find((o) => discordName(o.name) === m.name);
    return opt?.type === 'integer'
      ? { name: m.name, type: ApplicationCommandOptionType.Integer, value: Number(value) }
      : { name: m.name, type: ApplicationCommandOptionType.String, value };
  });
  const data: RawOption[] = subName
    ? [{ name: subName, type: ApplicationCommandOptionType.Subcommand, options: raw }]
    : raw;
  const { focused: _f, ...inv } = toInvocation(spec, data);
  return inv;
}

async function parseOn(surface: Surface, line: string): Promise<Invocation & { asQuestion?: boolean }> {
  switch (surface) {
    case 'cli':
      return viaCli(line);
    case 'console':
      return parseCommandLine(commands, line);
    case 'slack':
      return parseCommandLine(commands, line.replace(/^\/whip\s+/, ''));
    case 'discord':
      return viaDiscord(line);
  }
}

const SURFACES: Surface[] = ['cli', 'console', 'slack', 'discord'];

const examples: { spec: CommandSpec; ex: Example }[] = commands.flatMap((spec) =>
  (spec.examples ?? []).map((ex) => ({ spec, ex })),
);

describe('every declared example means what it says, on every surface', () => {
  it('there are examples for every command', () => {
    for (const c of commands) expect(c.examples?.length, c.name).toBeGreaterThan(0);
  });

  for (const surface of SURFACES) {
    it.each(examples.map(({ spec, ex }) => [exampleLine(spec, ex, surface), spec, ex] as const))(
      `${surface}: %s`,
      async (line, spec, ex) => {
        const m = meaning(await parseOn(surface, line));
        expect(m.errors, line).toEqual([]);
        expect(m.asQuestion, line).toBe(false);
        expect({ command: m.command, subcommand: m.subcommand, args: m.args }).toEqual({
          command: spec.name,
          subcommand: ex.subcommand,
          args: ex.args,
        });
      },
    );
  }
});

function helpText(surface: Surface, command?: string): string {
  const help = findCommand(commands, 'help');
  const ctx = {
    platform: surface === 'cli' ? 'console' : surface,
    surface,
    services: { commands },
    caller: { id: 'u', isAdmin: false, canManageChannel: false },
  } as unknown as CommandContext;
  const reply = help?.handler?.(command ? { command } : {}, ctx);
  return (reply as { text: string }).text;
}

/** The `code` spans of a text that start with the surface's command prefix. */
function commandSpans(text: string, surface: Surface): string[] {
  const prefix = surface === 'cli' ? 'whip ' : surface === 'slack' ? '/whip ' : '/';
  return [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string).filter((s) => s.startsWith(prefix));
}

describe('everything help prints can be typed where it is printed', () => {
  for (const surface of SURFACES) {
    const pages = [helpText(surface), ...commands.map((c) => helpText(surface, c.name))];
    const lines = [...new Set(pages.flatMap((p) => commandSpans(p, surface)))].filter((l) => !/[<[]/.test(l));
    it(`${surface}: help shows examples in ${surface} syntax`, () => {
      expect(lines.length).toBeGreaterThan(commands.length);
    });
    it.each(lines)(`${surface}: %s`, async (line) => {
      const m = meaning(await parseOn(surface, line));
      expect(m.errors, line).toEqual([]);
      expect(m.asQuestion, line).toBe(false);
      const typed = line.replace(/^(whip |\/whip |\/)/, '').split(' ')[0];
      expect(m.command).toBe(typed);
    });
  }
});

describe('the README', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const names = new Set(commands.map((c) => c.name));
  const cli = [...readme.matchAll(/npx whip ([a-z]+)([^#\n`]*)/g)]
    .filter((m) => names.has(m[1] as string))
    .map((m) => `whip ${m[1]}${(m[2] ?? '').replace(/\s+$/, '')}`)
    .filter((l) => !/<[A-Z]/.test(l) && !/--jsonl?\b/.test(l));
  const slack = [...readme.matchAll(/`(\/whip [^`]+)`/g)].map((m) => m[1] as string).filter((l) => !/[<[…]/.test(l));
  const table = [...readme.matchAll(/e\.g\. `([^`]+)`/g)].map((m) => m[1] as string);

  it('shows CLI, Slack and command-table examples', () => {
    expect(cli.length).toBeGreaterThan(5);
    expect(slack.length).toBeGreaterThan(3);
    expect(table.length).toBeGreaterThan(3);
  });

  it.each(cli)('CLI: %s', async (line) => {
    const m = meaning(await viaCli(line));
    expect(m.errors, line).toEqual([]);
    expect(m.command).toBe(line.split(' ')[1]);
    expect(Object.keys(m.args).filter((k) => k.startsWith('_'))).toEqual([]);
  });

  it.each([...slack, ...table.map((t) => `/whip ${t}`)])('Slack: %s', async (line) => {
    const inv = await parseOn('slack', line);
    const m = meaning(inv);
    expect(m.errors, line).toEqual([]);
    const typed = line.replace(/^\/whip /, '').split(' ')[0] as string;
    // A question typed after /whip is `ask` (even one starting with a command word); a command line is that command.
    if (line.endsWith('?') && typed !== 'ask') expect(m).toMatchObject({ command: 'ask', asQuestion: true });
    else expect(m.command, line).toBe(typed);
  });

  it.each(table)('console: /%s', async (line) => {
    const m = meaning(await parseOn('console', `/${line}`));
    expect(m.errors, line).toEqual([]);
    expect(m.asQuestion).toBe(false);
  });
});

describe('command lines are never questions', () => {
  it.each([
    ['/profile Nick Clegg', 'profile', { entity: 'Nick Clegg' }],
    ['/profile Lord Adonis', 'profile', { entity: 'Lord Adonis' }],
    ['/claims Lib-Lab pact', 'claims', { topic: 'Lib-Lab pact' }],
    ['/quote Ed Miliband', 'quote', { speaker: 'Ed Miliband' }],
    ['/help profile', 'help', { command: 'profile' }],
    ['profile Nick Clegg', 'profile', { entity: 'Nick Clegg' }],
    ['quote Ed Miliband', 'quote', { speaker: 'Ed Miliband' }],
  ] as const)('%s', (line, command, args) => {
    const m = meaning(parseCommandLine(commands, line));
    expect(m).toMatchObject({ command, args, errors: [], asQuestion: false });
  });

  it('`/digest subscribe daily 08:00` is the schedule it asks for', () => {
    const m = meaning(parseCommandLine(commands, '/digest subscribe daily 08:00'));
    expect(m).toMatchObject({ command: 'digest', subcommand: 'subscribe', args: { schedule: 'daily 08:00' } });
    expect(m.errors).toEqual([]);
  });
});
