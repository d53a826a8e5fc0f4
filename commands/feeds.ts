import type { CommandContext } from '../src/core/commands/spec.js';
import { defineCommand } from '../src/core/commands/spec.js';
import { errorReply, infoReply } from '../src/core/reply.js';

const urlOption = {
  name: 'url',
  description: 'The RSS or Atom feed URL, e.g. https://example.org/politics/rss.xml',
  type: 'string' as const,
  required: true,
  maxLength: 2000,
};

/** The tenant whose feeds this chat command acts on; none in a DM (feeds belong to a server or workspace). */
async function ownerOf(ctx: CommandContext): Promise<string | undefined> {
  const { feedOwnerOf } = await import('../src/ingest/manage.js');
  return feedOwnerOf(ctx);
}

const NO_TENANT = 'Feeds belong to a server or workspace: use `feeds` in one of its channels.';

async function poller(ctx: CommandContext) {
  const { pollerFor } = await import('../src/ingest/manage.js');
  const s = ctx.services;
  return pollerFor(s.db, s.log, s.config, { onIngested: s.reloadKnowledge });
}

export default defineCommand({
  name: 'feeds',
  description: 'RSS/Atom feeds this server/workspace follows for the knowledge base (administrators only)',
  options: [],
  permission: 'admin',
  examples: [
    { text: 'feeds list', subcommand: 'list', args: {} },
    {
      text: 'feeds add https://example.org/politics/rss.xml',
      subcommand: 'add',
      args: { url: 'https://example.org/politics/rss.xml' },
    },
    {
      text: 'feeds remove https://example.org/politics/rss.xml',
      subcommand: 'remove',
      args: { url: 'https://example.org/politics/rss.xml' },
    },
  ],
  subcommands: [
    {
      name: 'add',
      description: 'Follow a feed: its current items are recorded without flooding digests; new items are ingested',
      options: [urlOption],
      permission: 'admin',
      handler: async (args, ctx) => {
        const url = String(args.url);
        // A public bot turns this off: any server's admin could otherwise fill the shared knowledge base.
        if (ctx.platform !== 'console' && !ctx.services.config.WHIP_CHAT_FEEDS)
          return errorReply(
            'Adding feeds from chat is turned off on this bot (WHIP_CHAT_FEEDS=off). `feeds list` and `feeds remove` still work; the operator adds feeds with `whip feeds add`.',
          );
        const owner = await ownerOf(ctx);
        if (!owner) return errorReply(NO_TENANT);
        const { reasonOf } = await import('../src/ingest/errors.js');
        try {
          const r = await (await poller(ctx)).add(url, owner);
          if (!r.added) return infoReply('Feeds', `Already following ${url}.`);
          return infoReply(
            'Feed added',
            `Following ${url}${r.title ? ` (${r.title})` : ''}. Its ${r.seeded} current items are recorded as seen, not ingested; new items will be ingested as they appear (checked every ${ctx.services.config.WHIP_FEED_POLL_MINUTES} minutes).`,
          );
        } catch (e) {
          return errorReply(`Cannot add ${url}: ${reasonOf(e)}`);
        }
      },
    },
    {
      name: 'list',
      description: 'The feeds this server/workspace follows, with their status',
      options: [],
      permission: 'admin',
      handler: async (_args, ctx) => {
        const { describeFeed } = await import('../src/ingest/manage.js');
        const owner = await ownerOf(ctx);
        if (!owner) return errorReply(NO_TENANT);
        const feeds = await (await poller(ctx)).list(owner);
        return infoReply(
          `Feeds (${feeds.length})`,
          feeds.length
            ? feeds.map((f) => `• ${describeFeed(f)}`).join('\n')
            : 'No feeds yet. Add one with `feeds add <url>`.',
        );
      },
    },
    {
      name: 'remove',
      description: 'Stop following one of this server/workspace’s feeds (articles already ingested stay)',
      options: [urlOption],
      permission: 'admin',
      handler: async (args, ctx) => {
        const url = String(args.url);
        const owner = await ownerOf(ctx);
        if (!owner) return errorReply(NO_TENANT);
        const removed = await (await poller(ctx)).remove(url, owner);
        return removed
          ? infoReply(
              'Feed removed',
              `No longer following ${url}. Articles already ingested from it stay in the knowledge base.`,
            )
          : errorReply(`Not following ${url}. Use \`feeds list\` to see the feeds.`);
      },
    },
  ],
});
