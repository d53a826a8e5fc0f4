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
  examples: ['claims coalition', 'claims --topic "power sharing"'],
  handler: (args, ctx) => ctx.services.engine.claims(String(args.topic)),
});
