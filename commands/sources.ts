import { defineCommand } from '../src/core/commands/spec.js';

export default defineCommand({
  name: 'sources',
  description: 'The articles in the knowledge base, with date and publication',
  options: [{ name: 'page', description: 'Which page of the list (10 articles a page)', type: 'integer', min: 1 }],
  examples: [
    { text: 'sources', args: {} },
    { text: 'sources 2', args: { page: 2 } },
    { text: 'sources page:2', args: { page: 2 } },
  ],
  handler: (args, ctx) => ctx.services.engine.sources(typeof args.page === 'number' ? args.page : 1),
});
