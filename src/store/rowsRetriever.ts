/**
 * The store's index for a small knowledge base, held in the heap: every kb_sentences row read once when the
 * engine is made, searched with FTS5's meaning (the same tokens, phrases and ranking code as FtsRetriever), so the
 * same question gets the same candidates — without FTS5's fixed cost per statement (~40–100 µs each, two to four
 * per question), which is most of a warm answer on a one-article KB. runtime.ts chooses it up to
 * HEAP_INDEX_SENTENCES sentences; the engine is remade (and this read again) on every change to the knowledge.
 */
import type Database from 'better-sqlite3';
import {
  ENTITY_WINDOW,
  type RetrievalQuery,
  type RetrievedSentence,
  type Retriever,
} from '../core/answer/retriever.js';
import { BoundedMemo } from '../core/memo.js';
import { cmp, type IndexTotals, rankByBm25, type TermRow } from './bm25.js';
import { type EntityRow, type EntityTerms, ftsTokens, rankEntities } from './ftsRetriever.js';

interface Row extends TermRow, EntityRow {
  id: number;
  stemList: readonly string[];
  /** Position in the knowledge base's order (published, article id, sentence). */
  order: number;
  wordTokens: string[];
  stemTokens: string[];
}

/** Terms whose rows RowsRetriever keeps (each a list of rows already held): far more than questions ask by. */
const TERM_ROWS_MEMO = 10_000;

export class RowsRetriever implements Retriever {
  private readonly byId = new Map<number, Row>();
  private readonly stemPostings = new Map<string, Row[]>();
  private readonly wordPostings = new Map<string, Row[]>();
  private readonly totals: IndexTotals | undefined;

  /** `entityWindow`: ENTITY_WINDOW unless a test asks for a smaller one (to see the bound at work). */
  constructor(
    sqlite: Database.Database,
    private readonly opts: { entityWindow?: number } = {},
  ) {
    const read = sqlite.transaction(() => ({
      rows: sqlite
        .prepare<[], Omit<Row, 'order' | 'wordTokens' | 'stemTokens' | 'stemList'>>(`
          select s.id as id, s.article_id as article, s.sentence as sentence, s.words as words, s.stems as stems,
            s.length as length, a.published as published
          from kb_sentences s join articles a on a.id = s.article_id order by s.id`)
        .all(),
      totals: sqlite.prepare<[], IndexTotals>('select sentences, length_total from kb_version where id = 1').get(),
    }));
    const { rows, totals } = read();
    this.totals = totals;
    // In id order: the order they were indexed in, as FTS5's rowids.
    const all: Row[] = rows.map((r) => ({
      ...r,
      order: 0,
      wordTokens: ftsTokens(r.words),
      stemTokens: ftsTokens(r.stems),
      stemList: r.stems.split(' '),
    }));
    [...all]
      .sort((a, b) => cmp(a.published, b.published) || cmp(a.article, b.article) || a.sentence - b.sentence)
      .forEach((r, i) => {
        r.order = i;
      });
    for (const r of all) {
      this.byId.set(r.id, r);
      for (const t of new Set(r.stemTokens)) push(this.stemPostings, t, r);
      for (const t of new Set(r.wordTokens)) push(this.wordPostings, t, r);
    }
  }

  retrieve(query: RetrievalQuery, limit: number): RetrievedSentence[] {
    const out = new Map<string, RetrievedSentence>();
    const add = (hit: RetrievedSentence) => {
      const key = `${hit.article}\u0000${hit.sentence}`;
      if (!out.has(key)) out.set(key, hit);
    };
    if (query.terms.length) {
      // Sentences whose stems hold any of the terms (each a phrase of FTS5 tokens), ranked as FtsRetriever ranks.
      const found = new Set<Row>();
      for (const t of query.terms) for (const r of this.rowsHolding(t)) found.add(r);
      for (const hit of rankByBm25([...found], query.terms, this.totals, limit)) add(hit);
    }
    // Each entity's sentences, found once per question (the window and both fills read them).
    let named: Set<Row>[] | undefined;
    const naming = (entities: EntityTerms[]) => {
      named ??= entities.map((e) => this.rowsNaming(e));
      return named;
    };
    const entityHits = rankEntities(query, limit, this.opts.entityWindow ?? ENTITY_WINDOW, {
      window: (entities, size) =>
        any(naming(entities))
          .sort((a, b) => b.id - a.id)
          .slice(0, size),
      rowsById: (ids) =>
        ids
          .map((id) => this.byId.get(id))
          .filter((r): r is Row => r !== undefined)
          .sort((a, b) => a.order - b.order),
      fill: (entities, every, oldest, n) =>
        (every ? all(naming(entities)) : any(naming(entities)))
          .filter((r) => r.id >= oldest)
          .sort((a, b) => a.order - b.order)
          .slice(0, n),
    });
    for (const hit of entityHits) add(hit);
    return [...out.values()];
  }

  /**
   * The rows whose stems hold a term (a phrase of FTS5 tokens), once per term: the rows never change (a change to
   * the knowledge makes a new retriever), and questions ask by the same few hundred stems. Kept up to
   * TERM_ROWS_MEMO terms, then started over.
   */
  private readonly termRows = new BoundedMemo<string, Row[]>(TERM_ROWS_MEMO);
  private rowsHolding(term: string): Row[] {
    let rows = this.termRows.get(term);
    if (!rows) {
      rows = this.holding(this.stemPostings, ftsTokens(term), 'stemTokens');
      this.termRows.set(term, rows);
    }
    return rows;
  }

  /** The rows naming an entity (any of its names as a phrase), once per entity (its terms are built once). */
  private readonly entityRows = new WeakMap<EntityTerms, Set<Row>>();
  private rowsNaming(e: EntityTerms): Set<Row> {
    let rows = this.entityRows.get(e);
    if (!rows) {
      rows = new Set<Row>();
      for (const ph of e.phrases) for (const r of this.holding(this.wordPostings, ph, 'wordTokens')) rows.add(r);
      this.entityRows.set(e, rows);
    }
    return rows;
  }

  /** Rows holding the phrase (consecutive tokens) in the given tokens. */
  private holding(postings: Map<string, Row[]>, phrase: string[], field: 'wordTokens' | 'stemTokens'): Row[] {
    const head = phrase[0];
    if (head === undefined) return [];
    const rows = postings.get(head) ?? [];
    return phrase.length === 1 ? rows : rows.filter((r) => hasPhrase(r[field], phrase));
  }
}

/** Sentences naming any of the entities (each entity's sentences a set). */
function any(sets: Set<Row>[]): Row[] {
  if (sets.length === 1) return [...(sets[0] as Set<Row>)];
  const out = new Set<Row>();
  for (const set of sets) for (const r of set) out.add(r);
  return [...out];
}

/** Sentences naming every one of the entities. */
function all(sets: Set<Row>[]): Row[] {
  const [first, ...rest] = sets;
  return [...(first ?? [])].filter((r) => rest.every((set) => set.has(r)));
}

function push(map: Map<string, Row[]>, key: string, row: Row): void {
  const list = map.get(key);
  if (list) list.push(row);
  else map.set(key, [row]);
}

function hasPhrase(tokens: string[], phrase: string[]): boolean {
  for (let i = 0; i + phrase.length <= tokens.length; i++) {
    let j = 0;
    while (j < phrase.length && tokens[i + j] === phrase[j]) j++;
    if (j === phrase.length) return true;
  }
  return false;
}
