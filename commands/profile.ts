import { defineCommand } from '../src/core/commands/spec.js';

export default defineCommand({
  name: 'profile',
  description: "A person's or party's roles, party, claims and quotes",
  options: [
    {
      name: 'entity',
      description: 'A person, party or organisation, e.g. Nick Clegg',
      type: 'string',
      required: true,
      autocomplete: 'entity',
      maxLength: 200,
    },
  ],
  examples: [
    { text: 'profile Nick Clegg', args: { entity: 'Nick Clegg' } },
    { text: 'profile "Lord Adonis"', args: { entity: 'Lord Adonis' } },
  ],
  handler: (args, ctx) => ctx.services.engine.profile(String(args.entity)),
});
