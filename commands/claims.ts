import { settled } from '../src/core/answer/types.js';
import { defineCommand } from '../src/core/commands/spec.js';

export default defineCommand({
  name: 'claims',
  description: 'Claims on a topic, contested ones with both sides',
  options: [
    {
      name: 'topic',
      description: 'A topic, person or party, e.g. coalition',
      type: 'string',
      required: true,
      autocomplete: 'topic',
      maxLength: 200,
    },
  ],
  examples: [
    { text: 'claims coalition', args: { topic: 'coalition' } },
    { text: 'claims Lib-Lab pact', args: { topic: 'Lib-Lab pact' } },
    { text: 'claims --topic "power sharing"', args: { topic: 'power sharing' } },
  ],
  // Through settle(): on PostgreSQL retrieval is awaited before the engine's synchronous stages.
  handler: (args, ctx) => settled(ctx.services.engine, (e) => e.claims(String(args.topic))),
});
