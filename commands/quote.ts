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
  examples: [
    { text: 'quote Miliband', args: { speaker: 'Miliband' } },
    { text: 'quote Ed Miliband', args: { speaker: 'Ed Miliband' } },
    { text: 'quote --topic coalition', args: { topic: 'coalition' } },
    { text: 'quote Miliband --topic coalition', args: { speaker: 'Miliband', topic: 'coalition' } },
  ],
  handler: (args, ctx) => {
    const speaker = typeof args.speaker === 'string' ? args.speaker : undefined;
    const topic = typeof args.topic === 'string' ? args.topic : undefined;
    if (!speaker && !topic)
      return errorReply('Give a `speaker` or a `topic`, e.g. `quote Miliband` or `quote --topic coalition`.');
    return ctx.services.engine.quotes({ speaker, topic });
  },
});
