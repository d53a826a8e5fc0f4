import { defineCommand } from '../src/core/commands/spec.js';
import { infoReply } from '../src/core/reply.js';

export default defineCommand({
  name: 'help',
  description: 'What Whip can do and how to ask',
  options: [],
  examples: ['help'],
  handler: (_args, ctx) => {
    const lines = ctx.services.commands.map((c) => {
      const example = c.examples?.[0] ?? c.name;
      return `• ${c.name} — ${c.description}. e.g. \`${example}\``;
    });
    return infoReply(
      'Whip: politics briefings with sources',
      [
        'Ask a question in plain words (e.g. “who is DPM under Lib-Lab?”). Every answer quotes its evidence, says who said it and as of when; if sources disagree you see both sides, and if the knowledge base does not know, Whip says so.',
        '',
        ...lines,
      ].join('\n'),
    );
  },
});
