import { defineCommand } from '../src/core/commands/spec.js';

export default defineCommand({
  name: 'sources',
  description: 'The articles in the knowledge base, with date and publication',
  options: [],
  examples: ['sources'],
  handler: (_args, ctx) => ctx.services.engine.sources(),
});
