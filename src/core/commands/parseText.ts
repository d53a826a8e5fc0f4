/**
 * Parse a text command line — the console's `/who --role "Deputy Prime Minister" --scenario lib-lab`, Slack's
 * `/whip who "Deputy Prime Minister" lib-lab` — into an invocation of a declared command. Shared by every text
 * platform. A line that is not a command (or is a natural question that happens to start with a command name,
 * like "who is DPM under Lib-Lab?") becomes `ask`.
 */
import type { Invocation } from './dispatch.js';
import type { Args, CommandSpec, OptionSpec } from './spec.js';

/** Split on whitespace, keeping "double", 'single' and “curly” quoted runs together. */
export function splitArgs(line: string): string[] {
  const out: string[] = [];
  const re = /(?:[^\s"'“”‘’]+|"[^"]*"?|“[^”]*”?|'[^']*'?|‘[^’]*’?)+/g;
  for (const m of line.matchAll(re)) {
    out.push(m[0].replace(/^([\w-]+[:=])?["'“‘](.*?)["'”’]?$/s, '$1$2'));
  }
  return out;
}

/** Words that show a line is a sentence, not positional arguments. */
const SENTENCE_WORDS = new Set(
  'is are was were would will could should can did does do has have had said says say the a an if under in of about'.split(
    ' ',
  ),
);

function optionByName(options: OptionSpec[], name: string): OptionSpec | undefined {
  const n = name.toLowerCase().replace(/_/g, '-');
  return options.find((o) => o.name.toLowerCase().replace(/_/g, '-') === n);
}

export interface ParsedLine extends Invocation {
  /** Set when the line was taken as a free question. */
  asQuestion?: boolean;
}

export function parseCommandLine(commands: CommandSpec[], line: string, defaultCommand = 'ask'): ParsedLine {
  const slash = /^\/[a-z]/i.test(line.trim());
  const text = line.trim().replace(/^\//, '');
  const asAsk = (): ParsedLine => ({ command: defaultCommand, args: { question: line.trim() }, asQuestion: true });
  const tokens = splitArgs(text);
  const first = tokens[0]?.toLowerCase();
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
    if (!/(^|\s)--?[\w-]+/.test(restText.split(/\s+/)[0] ?? '')) {
      return { command: spec.name, args: restText ? { [spec.rest]: restText } : {} };
    }
  }

  let rest = tokens.slice(1);
  let options = spec.options;
  let subcommand: string | undefined;
  if (spec.subcommands?.length) {
    subcommand = rest[0]?.toLowerCase();
    rest = rest.slice(1);
    options = spec.subcommands.find((s) => s.name === subcommand)?.options ?? [];
  }

  const args: Args = {};
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const tok = rest[i] ?? '';
    const dashed = /^--([\w-]+)(?:=(.*))?$/s.exec(tok);
    const colon = /^([\w-]+):(.+)$/s.exec(tok);
    if (dashed?.[1] && !optionByName(options, dashed[1])) {
      // An unknown flag is reported by the dispatcher, not taken as a value.
      args[dashed[1]] = dashed[2] ?? true;
    } else if (dashed?.[1]) {
      const opt = optionByName(options, dashed[1]) as OptionSpec;
      const next = rest[i + 1];
      const nextIsFlag = next !== undefined && /^--[\w-]+/.test(next);
      if (dashed[2] !== undefined) args[opt.name] = dashed[2];
      else if (opt.type === 'boolean' && (next === undefined || nextIsFlag)) args[opt.name] = true;
      else if (next === undefined || nextIsFlag) args[opt.name] = undefined;
      else args[opt.name] = rest[++i];
    } else if (colon?.[1] && colon[2] !== undefined && optionByName(options, colon[1])) {
      args[(optionByName(options, colon[1]) as OptionSpec).name] = colon[2];
    } else {
      positional.push(tok);
    }
  }

  // The command that takes free text (ask) gets every positional word.
  if (spec.rest) {
    if (positional.length) args[spec.rest] = [args[spec.rest], ...positional].filter(Boolean).join(' ');
    return { command: spec.name, subcommand, args };
  }
  // A natural question that starts with a command name ("who is DPM under Lib-Lab?") is a question.
  const unfilled = options.filter((o) => args[o.name] === undefined);
  const looksLikeSentence =
    !spec.subcommands?.length &&
    positional.length > 0 &&
    (positional.length > unfilled.length ||
      /\?\s*$/.test(text) ||
      SENTENCE_WORDS.has((positional[0] ?? '').toLowerCase()));
  if (looksLikeSentence && commands.some((c) => c.name === defaultCommand)) return asAsk();
  positional.forEach((value, i) => {
    const opt = unfilled[i];
    if (opt) args[opt.name] = value;
    else args[`_extra${i}`] = value;
  });
  return { command: spec.name, subcommand, args };
}
