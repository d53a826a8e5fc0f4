/**
 * The one argument grammar of every text surface — the console's `/who "Deputy Prime Minister" lib-lab`, Slack's
 * `/whip profile Nick Clegg`, the CLI's `whip digest subscribe schedule:"daily 08:00"` — turned into an invocation
 * of a declared command. Options can be given by name (`--role X`, `--role=X`, `role:X`) or by position, in the
 * order the spec declares them. A run of unquoted words is one value (`/quote Ed Miliband` is the speaker
 * "Ed Miliband"); quote a value to end it early (`who "Deputy Prime Minister" lib-lab`). Trailing words that can
 * only belong to a later option (one of its choices, or its declared shape, like an IANA time zone) go to it.
 *
 * A line without a leading slash that reads as a sentence ("who is DPM under Lib-Lab?") becomes `ask`; a line with
 * a slash, and any CLI invocation, is always a command, so a command line never ends up logged as a question.
 */
import type { Invocation } from './dispatch.js';
import type { Args, CommandSpec, OptionSpec } from './spec.js';

/** One word of a command line; `quoted` values (or shell arguments with spaces) are never merged with others. */
export interface Token {
  text: string;
  quoted: boolean;
}

/** Split on whitespace, keeping "double", 'single' and “curly” quoted runs together (quotes removed). */
export function tokenize(line: string): Token[] {
  const out: Token[] = [];
  const re = /(?:[^\s"'“”‘’]+|"[^"]*"?|“[^”]*”?|'[^']*'?|‘[^’]*’?)+/g;
  for (const m of line.matchAll(re)) {
    const raw = m[0];
    // An apostrophe inside a word (Labour's) is not a quote.
    const quoted = /^([\w-]+[:=])?["“‘']/.test(raw) || /^--[\w-]+=["“‘']/.test(raw);
    out.push({ text: raw.replace(/^((?:--)?[\w-]+[:=])?["'“‘](.*?)["'”’]?$/s, '$1$2'), quoted });
  }
  return out;
}

export function splitArgs(line: string): string[] {
  return tokenize(line).map((t) => t.text);
}

/** Shell arguments: one with whitespace in it was quoted by the user. */
export function argvTokens(argv: readonly string[]): Token[] {
  return argv.map((text) => ({ text, quoted: /\s/.test(text) }));
}

/** Words that show a line is a sentence, not positional arguments. */
const SENTENCE_WORDS = new Set(
  (
    'is are was were would will could should can did does do has have had said says say be been being the a an if ' +
    'under in of about me my you your what who whom whose when where why how which please'
  ).split(' '),
);

function optionByName(options: OptionSpec[], name: string): OptionSpec | undefined {
  const n = name.toLowerCase().replace(/_/g, '-');
  return options.find((o) => o.name.toLowerCase().replace(/_/g, '-') === n);
}

/** Does a bare word fit an option that has a recognisable form (choices or a declared shape)? */
function fits(opt: OptionSpec, word: string): boolean {
  if (opt.choices?.some((c) => c.value.toLowerCase() === word.toLowerCase())) return true;
  return opt.shape !== undefined && new RegExp(opt.shape).test(word);
}

export interface ParsedLine extends Invocation {
  /** Set when the line was taken as a free question. */
  asQuestion?: boolean;
}

export interface BoundArgs {
  args: Args;
  /** The words that were not option names or values, in groups as they would fill options. */
  positional: string[][];
}

/**
 * Bind tokens to options: named forms first, then positional groups in declared order. Values left over are
 * returned as `_extra<n>` arguments, which the dispatcher reports as unexpected.
 */
export function bindArgs(options: OptionSpec[], tokens: Token[], preset: Args = {}): BoundArgs {
  const args: Args = { ...preset };
  const groups: string[][] = [];
  let open = false; // is the last group a run of bare words that may continue?
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as Token;
    const dashed = tok.quoted && !tok.text.startsWith('--') ? null : /^--([\w-]+)(?:=(.*))?$/s.exec(tok.text);
    const colon = /^([\w-]+):(.+)$/s.exec(tok.text);
    if (dashed?.[1]) {
      open = false;
      const opt = optionByName(options, dashed[1]);
      // An unknown flag is reported by the dispatcher, not taken as a value.
      if (!opt) {
        args[dashed[1]] = dashed[2] ?? true;
        continue;
      }
      const next = tokens[i + 1];
      const nextIsFlag = next !== undefined && !next.quoted && /^--[\w-]+/.test(next.text);
      if (dashed[2] !== undefined) args[opt.name] = dashed[2];
      else if (opt.type === 'boolean' && (next === undefined || nextIsFlag || !fitsBoolean(next.text)))
        args[opt.name] = true;
      else if (next === undefined || nextIsFlag) args[opt.name] = undefined;
      else args[opt.name] = tokens[++i]?.text;
    } else if (colon?.[1] && colon[2] !== undefined && optionByName(options, colon[1])) {
      open = false;
      args[(optionByName(options, colon[1]) as OptionSpec).name] = colon[2];
    } else if (tok.quoted) {
      groups.push([tok.text]);
      open = false;
    } else {
      const last = groups[groups.length - 1];
      if (open && last) last.push(tok.text);
      else groups.push([tok.text]);
      open = true;
    }
  }

  const unfilled = options.filter((o) => args[o.name] === undefined);
  let extra = 0;
  for (const words of groups) {
    const target = unfilled.shift();
    if (!target) {
      args[`_extra${extra++}`] = words.join(' ');
      continue;
    }
    const tail: { opt: OptionSpec; word: string }[] = [];
    const rest = [...words];
    while (rest.length > 1) {
      const word = rest[rest.length - 1] as string;
      const opt = unfilled.find((o) => !tail.some((t) => t.opt === o) && fits(o, word));
      if (!opt) break;
      tail.unshift({ opt, word });
      rest.pop();
    }
    args[target.name] = rest.join(' ');
    for (const { opt, word } of tail) {
      args[opt.name] = word;
      unfilled.splice(unfilled.indexOf(opt), 1);
    }
  }
  return { args, positional: groups };
}

function fitsBoolean(word: string): boolean {
  return ['true', 'false', 'yes', 'no', 'on', 'off', '1', '0'].includes(word.toLowerCase());
}

/** Options of a command or of the subcommand named by the first token (which it consumes). */
function optionsFor(spec: CommandSpec, tokens: Token[]): { options: OptionSpec[]; subcommand?: string; rest: Token[] } {
  if (!spec.subcommands?.length) return { options: spec.options, rest: tokens };
  const subcommand = tokens[0]?.text.toLowerCase();
  const options = spec.subcommands.find((s) => s.name === subcommand)?.options ?? [];
  return { options, subcommand, rest: tokens.slice(1) };
}

/**
 * Bind already split arguments (the CLI's argv after the command name, or a chat platform's words) to a command.
 * Never turns the words into a question.
 */
export function parseArgs(spec: CommandSpec, tokens: Token[], preset: Args = {}): Invocation {
  const { options, subcommand, rest } = optionsFor(spec, tokens);
  if (spec.rest && !spec.subcommands?.length && !rest.some((t) => /^--[\w-]+/.test(t.text) && !t.quoted)) {
    const text = rest.map((t) => t.text).join(' ');
    return { command: spec.name, args: text ? { ...preset, [spec.rest]: text } : { ...preset } };
  }
  const { args } = bindArgs(options, rest, preset);
  if (spec.rest) {
    const words: string[] = [];
    for (const k of Object.keys(args)) {
      if (k.startsWith('_extra')) {
        words.push(String(args[k]));
        delete args[k];
      }
    }
    if (words.length) args[spec.rest] = [args[spec.rest], ...words].filter(Boolean).join(' ');
  }
  return { command: spec.name, ...(subcommand !== undefined ? { subcommand } : {}), args };
}

export function parseCommandLine(commands: CommandSpec[], line: string, defaultCommand = 'ask'): ParsedLine {
  const slash = /^\/[a-z]/i.test(line.trim());
  const text = line.trim().replace(/^\//, '');
  const asAsk = (): ParsedLine => ({ command: defaultCommand, args: { question: line.trim() }, asQuestion: true });
  const tokens = tokenize(text);
  const first = tokens[0]?.text.toLowerCase();
  const spec = commands.find((c) => c.name === first);
  // "/frobnicate" is a mistyped command (the dispatcher says so); a line without a slash is a question.
  if (!spec && slash && first && /^[a-z][\w-]*$/.test(first)) return { command: first, args: {} };
  if (!spec || !first) return asAsk();
  // The free-text command takes the rest of the line exactly as typed (quotes included).
  if (spec.rest && !spec.subcommands?.length) {
    const restText = text
      .slice(text.toLowerCase().indexOf(first) + first.length)
      .trim()
      .replace(/\s+/g, ' ');
    if (!/^--?[\w-]+/.test(restText.split(/\s+/)[0] ?? '')) {
      return { command: spec.name, args: restText ? { [spec.rest]: restText } : {} };
    }
  }
  const rest = tokens.slice(1);
  if (!slash && !spec.subcommands?.length && !spec.rest && looksLikeSentence(spec, rest, text)) {
    if (commands.some((c) => c.name === defaultCommand)) return asAsk();
  }
  return parseArgs(spec, rest);
}

/** A natural question that starts with a command name ("who is DPM under Lib-Lab?", "profile of Nick Clegg"). */
function looksLikeSentence(spec: CommandSpec, rest: Token[], text: string): boolean {
  const { positional } = bindArgs(spec.options, rest);
  if (!positional.length) return false;
  if (/\?\s*$/.test(text)) return true;
  // Quoted values are values, however they read; bare words that make a sentence are a question.
  const bare = rest.filter((t) => !t.quoted && !/^--|^[\w-]+:/.test(t.text)).map((t) => t.text.toLowerCase());
  return bare.some((w) => SENTENCE_WORDS.has(w));
}
