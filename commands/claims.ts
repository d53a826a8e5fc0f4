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
  handler: (args, ctx) => ctx.services.engine.claims(String(args.topic)),
});
