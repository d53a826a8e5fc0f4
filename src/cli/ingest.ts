/**
 * `whip ingest PATH|URL…` and `whip feeds add|list|remove|poll`. Actions import their modules lazily, so other
 * commands stay fast. Ingestion works on the store only (no engine is built); a running bot notices the new
 * articles on its own (KB reload job).
 */
import type { Command } from 'commander';

async function openStore(level?: string) {
  const [{ loadConfig }, { openDatabase, storeLocation }, { createLogger }] = await Promise.all([
    import('../config.js'),
    import('../store/db.js'),
    import('../log.js'),
  ]);
  const config = await loadConfig();
  // A failed source is reported by its human line; JSON logs only when asked (LOG_LEVEL other than info, --verbose).
  const log = createLogger(level ?? (config.LOG_LEVEL === 'info' ? 'error' : config.LOG_LEVEL));
  const db = await openDatabase(storeLocation(config));
  return { config, log, db };
}

export function registerIngestCli(program: Command): void {
  program
    .command('ingest')
    .description(
      'Add articles to the knowledge base: Markdown (YAML front matter), text or HTML files, directories, web pages',
    )
    .argument('<sources...>', 'files, directories or http(s) URLs')
    .option('--json', 'print one JSON object per source')
    .option('--timeout <seconds>', 'time limit for each web page (default WHIP_FETCH_TIMEOUT_SECONDS)')
    .option('--verbose', 'also print JSON log lines (as LOG_LEVEL=debug would)')
    .action(async (sources: string[], opts: { json?: boolean; timeout?: string; verbose?: boolean }) => {
      const [{ ingestSources }, { ExitError }, { policyFromConfig }, { stripControl }] = await Promise.all([
        import('../ingest/ingest.js'),
        import('./run.js'),
        import('../ingest/netPolicy.js'),
        import('../safeText.js'),
      ]);
      const { config, log, db } = await openStore(opts.verbose ? 'debug' : undefined);
      // A progress line on a terminal (rewritten in place); plain per-source lines otherwise.
      const tty = Boolean(process.stderr.isTTY) && !opts.json;
      try {
        const timeout = opts.timeout === undefined ? config.WHIP_FETCH_TIMEOUT_SECONDS : Number(opts.timeout);
        if (!(timeout > 0)) throw new Error(`--timeout must be a number of seconds (got "${opts.timeout}")`);
        const outcomes = await ingestSources(sources, {
          db,
          log,
          timeoutMs: timeout * 1000,
          policy: policyFromConfig(config),
          maxArticleBytes: config.WHIP_MAX_ARTICLE_BYTES,
          onOutcome: (o, done, total) => {
            if (tty) process.stderr.write('\r\x1b[K');
            if (opts.json) process.stdout.write(`${JSON.stringify(o)}\n`);
            else if (o.ok) {
              const date = `${o.published}${o.inferred ? ', date inferred' : ''}`;
              process.stdout.write(
                stripControl(`${o.status.padEnd(9)} ${o.id}  ${o.title} (${date})  <- ${o.source}\n`),
              );
            }
            if (!o.ok) process.stderr.write(stripControl(`ingest: ${o.source}: ${o.error}\n`));
            if (tty && done < total) process.stderr.write(`ingest: ${done}/${total} sources`);
          },
        });
        const failed = outcomes.filter((o) => !o.ok).length;
        const count = (s: string) => outcomes.filter((o) => o.ok && o.status === s).length;
        if (!opts.json) {
          process.stdout.write(
            `ingest: ${count('added')} added, ${count('updated')} updated, ${count('unchanged')} unchanged, ${failed} failed\n`,
          );
        }
        if (!outcomes.length) process.stderr.write('ingest: no article files found in the given paths\n');
        if (failed || !outcomes.length) throw new ExitError(1);
      } finally {
        await db.destroy();
      }
    });

  // commands/feeds.ts (the chat command) would also generate `whip feeds <sub> --url …`, which builds the whole
  // engine first; this CLI version takes the URL as an argument and only needs the store.
  const generated = program.commands.findIndex((c) => c.name() === 'feeds');
  if (generated >= 0) (program.commands as Command[]).splice(generated, 1);
  const feeds = program.command('feeds').description('RSS/Atom feeds polled for new articles (WHIP_FEED_POLL_MINUTES)');
  const withPoller = async <T>(fn: (p: import('../ingest/feeds.js').FeedPoller) => Promise<T>): Promise<T> => {
    const [{ pollerFor }] = await Promise.all([import('../ingest/manage.js')]);
    const { config, log, db } = await openStore();
    try {
      return await fn(pollerFor(db, log, config));
    } finally {
      await db.destroy();
    }
  };
  const fail = async (message: string): Promise<never> => {
    const { ExitError } = await import('./run.js');
    process.stderr.write(`${message}\n`);
    throw new ExitError(1);
  };
  feeds
    .command('add')
    .description(
      'Follow a feed (as the local tenant); its current items are recorded as seen (not ingested), new ones are ingested',
    )
    .argument('<url>', 'the RSS or Atom feed URL')
    .action(async (url: string) => {
      const { reasonOf } = await import('../ingest/errors.js');
      await withPoller(async (p) => {
        let r: Awaited<ReturnType<typeof p.add>>;
        try {
          r = await p.add(url);
        } catch (e) {
          return fail(`feeds: cannot add ${url}: ${reasonOf(e)}`);
        }
        process.stdout.write(
          r.added
            ? `Following ${url}${r.title ? ` (${r.title})` : ''}: ${r.seeded} existing items recorded, not ingested; new items will be.\n`
            : `Already following ${url}.\n`,
        );
      });
    });
  feeds
    .command('list')
    .description('The feeds followed, with status (failing ones with the reason) and poll times')
    .option('--json', 'print JSON')
    .option('--all', "every tenant's feeds (Discord servers, Slack workspaces), not only the local ones")
    .action(async (opts: { json?: boolean; all?: boolean }) => {
      const [{ describeFeed }, { ALL_OWNERS, LOCAL_OWNER }] = await Promise.all([
        import('../ingest/manage.js'),
        import('../ingest/feeds.js'),
      ]);
      await withPoller(async (p) => {
        const list = await p.list(opts.all ? ALL_OWNERS : LOCAL_OWNER);
        if (opts.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        else
          process.stdout.write(
            list.length
              ? `${list.map((f) => describeFeed(f, Boolean(opts.all))).join('\n')}\n`
              : `No ${opts.all ? '' : 'local '}feeds. Add one with \`whip feeds add URL\`.\n`,
          );
      });
    });
  feeds
    .command('remove')
    .description('Stop following a feed (articles already ingested stay)')
    .argument('<url>', 'the feed URL, as listed by `whip feeds list`')
    .option('--all', 'stop following it for every tenant (Discord servers, Slack workspaces), not only locally')
    .action(async (url: string, opts: { all?: boolean }) => {
      const { ALL_OWNERS, LOCAL_OWNER } = await import('../ingest/feeds.js');
      await withPoller(async (p) => {
        if (!(await p.remove(url, opts.all ? ALL_OWNERS : LOCAL_OWNER)))
          return fail(`feeds: not following ${url} (see \`whip feeds list${opts.all ? ' --all' : ''}\`)`);
        process.stdout.write(`No longer following ${url}${opts.all ? ' (any tenant)' : ''}.\n`);
      });
    });
  feeds
    .command('poll')
    .description('Poll feeds now: the ones due, or every feed with --all')
    .option('--all', 'poll every feed, whatever its schedule')
    .action(async (opts: { all?: boolean }) => {
      await withPoller(async (p) => {
        const results = opts.all ? await p.pollAll() : await p.pollDue();
        for (const r of results) {
          const what = !r.ok
            ? `failed: ${r.error} (${r.status}; next try ${r.nextPollAt})`
            : r.notModified
              ? 'not modified'
              : r.seeded !== undefined
                ? `${r.seeded} items recorded (first poll)`
                : `${r.ingested.length} articles ingested${r.failedItems.length ? `, ${r.failedItems.length} items failed` : ''}`;
          process.stdout.write(`${r.url}: ${what}\n`);
          for (const f of r.failedItems) process.stderr.write(`feeds: ${f.item}: ${f.error}\n`);
        }
        if (!results.length) process.stdout.write('No feed is due.\n');
        if (results.some((r) => !r.ok || r.failedItems.length)) await fail(`feeds: some polls failed`);
      });
    });

  // `whip log purge` (privacy: the question log). Registered here to keep this change inside the ingestion CLI;
  // it only needs the store.
  program
    .command('log')
    .description('The question log')
    .command('purge')
    .description('Remove logged questions (and their feedback) older than --days (default WHIP_QUESTION_LOG_DAYS)')
    .option('--days <n>', 'keep this many days (0 removes every question)')
    .action(async (opts: { days?: string }) => {
      const [{ QuestionLog }, { ExitError }] = await Promise.all([
        import('../store/questionLog.js'),
        import('./run.js'),
      ]);
      const { config, db } = await openStore();
      try {
        if (opts.days === undefined && !config.WHIP_QUESTION_LOG_DAYS) {
          process.stderr.write(
            'log: WHIP_QUESTION_LOG_DAYS is 0 (keep forever); say how many days to keep with --days N\n',
          );
          throw new ExitError(2);
        }
        const days = opts.days === undefined ? config.WHIP_QUESTION_LOG_DAYS : Number(opts.days);
        if (!Number.isInteger(days) || days < 0) {
          process.stderr.write(`log: --days must be a whole number of days (got "${opts.days}")\n`);
          throw new ExitError(2);
        }
        const before = new Date(Date.now() - days * 24 * 60 * 60 * 1000);
        const n = await new QuestionLog(db).purge(days === 0 ? new Date(Date.now() + 1000) : before);
        process.stdout.write(
          `log: ${n} question${n === 1 ? '' : 's'} removed (${days ? `older than ${days} days` : 'all'})\n`,
        );
      } finally {
        await db.destroy();
      }
    });
}
