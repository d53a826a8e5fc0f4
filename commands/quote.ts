import { defineCommand } from '../src/core/commands/spec.js';
import { errorReply } from '../src/core/reply.js';

export default defineCommand({
  name: 'quote',
  description: 'Who said what: quotes by speaker or topic',
  options: [
    {
      name: 'speaker',
      description: 'Who said it, e.g. Miliband or spokesman',
      type: 'string',
      autocomplete: 'person',
      maxLength: 200,
    },
    {
      name: 'topic',
      description: 'What it was about, e.g. coalition',
      type: 'string',
      autocomplete: 'topic',
      maxLength: 200,
    },
  ],
  examples: ['quote Miliband', 'quote --topic coalition'],
  handler: (args, ctx) => {
    const speaker = typeof args.speaker === 'string' ? args.speaker : undefined;
    const topic = typeof args.topic === 'string' ? args.topic : undefined;
    if (!speaker && !topic) return errorReply('Give a `speaker` or a `topic`, e.g. `quote speaker:Miliband`.');
    return ctx.services.engine.quotes({ speaker, topic });
  },
});
