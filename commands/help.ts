import { findCommand } from '../src/core/commands/dispatch.js';
import { defineCommand } from '../src/core/commands/spec.js';
import { exampleLine, surfaceOf, usageLine } from '../src/core/commands/usage.js';
import { errorReply, infoReply } from '../src/core/reply.js';

const HELP_ON_ONE = { text: 'help profile', args: { command: 'profile' } };

const help = defineCommand({
  name: 'help',
  description: 'What Whip can do and how to ask',
  ephemeral: true,
  options: [
    {
      name: 'command',
      description: 'A command to explain, e.g. profile',
      type: 'string',
      maxLength: 40,
    },
  ],
  examples: [{ text: 'help', args: {} }, HELP_ON_ONE],
  handler: (args, ctx) => {
    const surface = surfaceOf(ctx);
    const all = ctx.services.commands;
    if (typeof args.command === 'string') {
      const spec = findCommand(all, args.command.replace(/^\//, ''));
      if (!spec) {
        return errorReply(`There is no command \`${args.command}\`. Commands: ${all.map((c) => c.name).join(', ')}.`);
      }
      const usages = spec.subcommands?.length
        ? spec.subcommands.map((s) => `\`${usageLine(spec, s, surface)}\` — ${s.description}`)
        : [`\`${usageLine(spec, undefined, surface)}\``];
      const options = (spec.subcommands?.length ? [] : spec.options).map(
        (o) => `• ${o.name}${o.required ? '' : ' (optional)'} — ${o.description}`,
      );
      const examples = (spec.examples ?? []).map((ex) => `• \`${exampleLine(spec, ex, surface)}\``);
      return infoReply(
        `Help: ${spec.name}`,
        [
          `${spec.description}.`,
          '',
          ...usages,
          ...(options.length ? ['', ...options] : []),
          ...(examples.length ? ['', 'Examples:', ...examples] : []),
        ].join('\n'),
        { ephemeral: true },
      );
    }
    const lines = all.map((c) => {
      const ex = c.examples?.[0];
      const example = ex ? exampleLine(c, ex, surface) : usageLine(c, undefined, surface);
      return `• ${c.name} — ${c.description}. e.g. \`${example}\``;
    });
    return infoReply(
      'Whip: politics briefings with sources',
      [
        'Ask a question in plain words (e.g. “who is DPM under Lib-Lab?”). Every answer quotes its evidence, says who said it and as of when; if sources disagree you see both sides, and if the knowledge base does not know, Whip says so.',
        '',
        ...lines,
        '',
        `More on one command: \`${exampleLine(help, HELP_ON_ONE, surface)}\`.`,
      ].join('\n'),
      { ephemeral: true },
    );
  },
});

export default help;
