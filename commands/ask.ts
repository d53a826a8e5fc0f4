import { settled } from '../src/core/answer/types.js';
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
  // Through settle(): on PostgreSQL retrieval is awaited before the engine's synchronous stages.
  handler: (args, ctx) => settled(ctx.services.engine, (e) => e.ask(String(args.question))),
});
