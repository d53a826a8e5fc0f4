/**
 * How a command is spelled on each surface, for usage errors, help and examples: the CLI
 * (`whip who <role> [scenario]`), the console (`/who …`), Slack (`/whip who …`) and Discord
 * (`/who role:<role> [scenario:<scenario>]`). One place, so help never shows one surface's syntax on another.
 */
import type { CommandContext, CommandSpec, Example, OptionSpec, SubcommandSpec, Surface } from './spec.js';

export function surfaceOf(ctx: Pick<CommandContext, 'platform' | 'surface'>): Surface {
  return ctx.surface ?? ctx.platform;
}

function prefix(surface: Surface): string {
  switch (surface) {
    case 'cli':
      return 'whip ';
    case 'slack':
      return '/whip ';
    default:
      return '/';
  }
}

function optionUsage(o: OptionSpec, surface: Surface): string {
  const value = o.choices ? o.choices.map((c) => c.value).join('|') : o.name;
  if (surface === 'discord') return o.required ? `${o.name}:<${value}>` : `[${o.name}:<${value}>]`;
  if (o.type === 'boolean') return `[--${o.name.replace(/_/g, '-')}]`;
  return o.required ? `<${value}>` : `[${value}]`;
}

export function usageLine(spec: CommandSpec, sub: SubcommandSpec | undefined, surface: Surface): string {
  const options = sub ? sub.options : spec.options;
  const name = `${spec.name}${sub ? ` ${sub.name}` : spec.subcommands?.length ? ` <${spec.subcommands.map((s) => s.name).join('|')}>` : ''}`;
  const rest = spec.rest && surface !== 'discord' ? `<${spec.rest}…>` : undefined;
  const opts = rest ? [rest] : options.map((o) => optionUsage(o, surface));
  return `${prefix(surface)}${[name, ...opts].join(' ')}`;
}

/** An example as typed on a surface; Discord's is built from its arguments (`/who role:… scenario:…`). */
export function exampleLine(spec: CommandSpec, ex: Example, surface: Surface): string {
  if (surface !== 'discord') return `${prefix(surface)}${ex.text}`;
  const options = ex.subcommand
    ? (spec.subcommands?.find((s) => s.name === ex.subcommand)?.options ?? [])
    : spec.options;
  const parts = options.filter((o) => ex.args[o.name] !== undefined).map((o) => `${o.name}:${String(ex.args[o.name])}`);
  return [`/${spec.name}`, ...(ex.subcommand ? [ex.subcommand] : []), ...parts].join(' ');
}

/** A command as typed on a surface, for messages like "Subscribe with …". */
export function commandHint(text: string, surface: Surface): string {
  return `${prefix(surface)}${text}`;
}
