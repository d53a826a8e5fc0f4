import { defineCommand } from '../src/core/commands/spec.js';

export default defineCommand({
  name: 'who',
  description: 'Who holds, or would hold, a role — optionally under a scenario',
  options: [
    {
      name: 'role',
      description: 'A role, e.g. Deputy Prime Minister',
      type: 'string',
      required: true,
      autocomplete: 'role',
      maxLength: 200,
    },
    {
      name: 'scenario',
      description: 'A scenario, e.g. lib-lab (a Labour–Lib Dem coalition)',
      type: 'string',
      autocomplete: 'scenario',
      maxLength: 200,
    },
  ],
  examples: [
    {
      text: 'who "Deputy Prime Minister" lib-lab',
      args: { role: 'Deputy Prime Minister', scenario: 'lib-lab' },
    },
    {
      text: 'who --role "Deputy Prime Minister" --scenario lib-lab',
      args: { role: 'Deputy Prime Minister', scenario: 'lib-lab' },
    },
    { text: 'who Prime Minister', args: { role: 'Prime Minister' } },
  ],
  handler: (args, ctx) =>
    ctx.services.engine.who(String(args.role), typeof args.scenario === 'string' ? args.scenario : undefined),
});
