import { defineCommand } from '../src/core/commands/spec.js';

export default defineCommand({
  name: 'ask',
  description: 'Ask a question about the news in the knowledge base',
  options: [
    {
      name: 'question',
      description: 'Your question, e.g. who is DPM under Lib-Lab?',
      type: 'string',
      required: true,
      maxLength: 2000,
    },
  ],
  rest: 'question',
  examples: [
    { text: 'ask who is DPM under Lib-Lab?', args: { question: 'who is DPM under Lib-Lab?' } },
    {
      text: 'ask How many target seats has Labour identified?',
      args: { question: 'How many target seats has Labour identified?' },
    },
  ],
  handler: (args, ctx) => ctx.services.engine.ask(String(args.question)),
});
