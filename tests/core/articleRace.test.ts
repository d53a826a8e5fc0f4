/**
 * The start-up race on PostgreSQL, made deterministic: several instances starting at once each sync the bundled
 * articles, so two of them can both read an article as absent and both insert it. ArticleStore.upsert inserts
 * with ON CONFLICT DO NOTHING and, when another instance's row won, compares with that row as an update
 * (src/store/articles.ts). Here two stores on two separate connection pools to one real PostgreSQL database are
 * interleaved by a barrier rather than by luck: store A reads "absent" inside its transaction; before A may go
 * on, store B runs its whole upsert and commits; then A inserts. A control case runs the same interleaving with
 * a plain INSERT (the code before the fix) and expects the 'duplicate key … articles_pkey' failure that three
 * instances met — so the barrier is known to produce the race, and the other cases prove the fix.
 */
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { type ArticleInput, ArticleStore, contentHash } from '../../src/store/articles.js';
import { type Db, openDatabase } from '../../src/store/db.js';
import { kbVersion } from '../../src/store/sentenceIndex.js';
import { usePostgres } from '../support/postgres.js';

const freshPostgres = usePostgres();
const open: Db[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.destroy();
});

const article = (body: string, origin: ArticleInput['origin'] = 'bundled'): ArticleInput => ({
  id: 'bundled-1',
  origin,
  title: 'The seed article',
  publication: null,
  publicationConfirmed: false,
  published: '2015-04-10',
  precision: 'day',
  inferred: false,
  note: null,
  author: null,
  url: null,
  body,
  parts: {},
});

/**
 * A plugin that, once, holds back the result of the first read of `articles` until `between()` has finished:
 * the reader has executed its SELECT (and seen the article absent) but cannot act on it yet.
 */
class AfterFirstArticleRead implements KyselyPlugin {
  private readonly reads = new Set<unknown>();
  fired = false;
  constructor(private readonly between: () => Promise<void>) {}

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    const text = JSON.stringify(node);
    if (node.kind === 'SelectQueryNode' && text.includes('"articles"')) this.reads.add(queryId);
    return node;
  }

  async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.reads.has(queryId) && !this.fired) {
      this.fired = true;
      expect(result.rows).toEqual([]);
      await this.between();
    }
    return result;
  }
}

/** Two stores on the same database, each with its own pool (as two instances would have). */
async function twoInstances(): Promise<[Db, Db]> {
  const url = await freshPostgres();
  const a = await openDatabase(url);
  const b = await openDatabase(url);
  open.push(a, b);
  return [a, b];
}

async function rows(db: Db) {
  return db.selectFrom('articles').select(['id', 'body', 'content_hash', 'added_at']).execute();
}

describe('ArticleStore.upsert: two instances racing on one PostgreSQL', () => {
  it('control: with a plain INSERT, this interleaving fails on the primary key (the bug three instances met)', async () => {
    const [a, b] = await twoInstances();
    const race = new AfterFirstArticleRead(async () => {
      await new ArticleStore(b).upsert(article('The same bundled text.'));
    });
    const slow = a.withPlugin(race);
    const oldUpsert = slow.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('articles')
        .select('content_hash')
        .where('id', '=', 'bundled-1')
        .executeTakeFirst();
      if (existing) return;
      // What upsert did before the fix: insert what it just read as absent.
      await trx
        .insertInto('articles')
        .values({
          id: 'bundled-1',
          origin: 'bundled',
          title: 'The seed article',
          publication: null,
          publication_confirmed: 0,
          published: '2015-04-10',
          published_precision: 'day',
          published_inferred: 0,
          published_note: null,
          author: null,
          url: null,
          body: 'The same bundled text.',
          parts_json: '{}',
          content_hash: contentHash(article('The same bundled text.')),
          added_at: new Date().toISOString(),
          updated_at: new Date().toISOString(),
          source: null,
        })
        .execute();
    });
    await expect(oldUpsert).rejects.toThrow(/duplicate key.*articles_pkey/);
    expect(race.fired).toBe(true);
  });

  it('the same article read absent by both: neither fails, one row, the winner’s, counted once', async () => {
    const [a, b] = await twoInstances();
    const v0 = await kbVersion(a);
    let winner: { inserted: boolean; changed: boolean } | undefined;
    const race = new AfterFirstArticleRead(async () => {
      winner = await new ArticleStore(b, () => new Date('2026-01-01T00:00:00.000Z')).upsert(
        article('The same bundled text.'),
      );
    });
    const loser = await new ArticleStore(a.withPlugin(race), () => new Date('2026-01-01T00:00:01.000Z')).upsert(
      article('The same bundled text.'),
    );
    expect(race.fired).toBe(true);
    expect(winner).toEqual({ inserted: true, changed: true });
    // The loser's insert did nothing; compared with the winner's row it found nothing to change.
    expect(loser).toEqual({ inserted: false, changed: false });
    expect(await rows(a)).toEqual([
      {
        id: 'bundled-1',
        body: 'The same bundled text.',
        content_hash: contentHash(article('The same bundled text.')),
        added_at: '2026-01-01T00:00:00.000Z',
      },
    ]);
    expect(await kbVersion(a)).toBe(v0 + 1);
  });

  it('a different version read absent by both: the loser’s insert becomes an update of the winner’s row', async () => {
    const [a, b] = await twoInstances();
    const v0 = await kbVersion(a);
    const race = new AfterFirstArticleRead(async () => {
      // An older build of the bundled KB wins the insert...
      await new ArticleStore(b, () => new Date('2026-01-01T00:00:00.000Z')).upsert(article('The old text.'));
    });
    // ...and a newer one, which read the article as absent, must still leave its text in the row.
    const loser = await new ArticleStore(a.withPlugin(race), () => new Date('2026-01-01T00:00:01.000Z')).upsert(
      article('The new text.'),
    );
    expect(race.fired).toBe(true);
    expect(loser).toEqual({ inserted: false, changed: true });
    expect(await rows(a)).toEqual([
      {
        id: 'bundled-1',
        body: 'The new text.',
        content_hash: contentHash(article('The new text.')),
        // Added when the winner inserted it; only updated since.
        added_at: '2026-01-01T00:00:00.000Z',
      },
    ]);
    // Two changes: the winner's insert, the loser's update.
    expect(await kbVersion(a)).toBe(v0 + 2);
  });
});
