/**
 * Outside src/core because it wires the core's derivation to the store. Keeps the store's derived knowledge
 * (migration 011, issue #12) up to date: the articles analysed but not derived yet are derived on top of what
 * earlier derivations left, in batches, each saved in one transaction; a change to the curated layer or the
 * analyser starts derivation over. Then the knowledge is read from the store on demand (storedKnowledge).
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { AnalysisSource } from '../core/answer/analyses.js';
import { type CuratedLayer, deriveArticles, type Knowledge } from '../core/answer/knowledge.js';
import { storedKnowledge } from '../core/answer/storedKnowledge.js';
import { ANALYSER_VERSION } from '../core/nlp/analyse.js';
import {
  derivedState,
  markDerived,
  pendingArticles,
  resetIfBasisChanged,
  SqliteDerivedReader,
  saveDerived,
  storeVersion,
} from '../store/derived.js';

/** Bumped when what deriving keeps changes shape or meaning: the stored rows are then derived again. */
const DERIVATION_VERSION = 1;

/**
 * Articles derived per batch. A batch is held in the heap while it is derived (its sentences' entities, quotes,
 * descriptions): this bounds that to a few tens of MiB however many articles wait (a store migrated from before
 * 011 derives all of them once). Within a batch, names are found in every article before sentences are linked,
 * as a full build does; across batches, a sentence is not linked to an entity first found in a later batch.
 */
const DERIVE_BATCH = 2000;

/** Saves that may find another process derived first, before this one gives up (and serves what is there). */
const DERIVE_ATTEMPTS = 5;

/** What the derived rows depend on besides the articles: the curated layer, the analyser, this code's version. */
export function derivationBasis(curated: CuratedLayer): string {
  return createHash('sha256')
    .update(JSON.stringify([DERIVATION_VERSION, ANALYSER_VERSION, curated]))
    .digest('hex');
}

/** Derive what is pending; the number of articles derived. */
export async function deriveStored(
  sqlite: Database.Database,
  curated: CuratedLayer,
  source: AnalysisSource,
  opts: { sliceMs?: number } = {},
): Promise<number> {
  resetIfBasisChanged(sqlite, derivationBasis(curated));
  let derived = 0;
  for (let attempt = 0; attempt < DERIVE_ATTEMPTS; attempt++) {
    // Read before looking: a change made while deriving moves it, so the next look does not skip that change.
    const version = storeVersion(sqlite);
    const pending = pendingArticles(sqlite, ANALYSER_VERSION, version);
    if (!pending.length) {
      markDerived(sqlite, version);
      return derived;
    }
    // An article derived again has new content: its old analysis must not be read from the cache.
    for (const p of pending) source.forget?.(p.meta.id);
    let conflict = false;
    for (let i = 0; i < pending.length && !conflict; i += DERIVE_BATCH) {
      const chunk = pending.slice(i, i + DERIVE_BATCH);
      const { state, mark } = derivedState(sqlite);
      const batch = await deriveArticles(
        curated,
        state,
        chunk.map((p) => p.meta),
        source,
        opts,
      );
      if (saveDerived(sqlite, batch, mark, new Map(chunk.map((p) => [p.meta.id, p])))) derived += chunk.length;
      else conflict = true;
    }
    if (!conflict) return derived;
  }
  return derived;
}

/** The store-backed knowledge, after deriving what is pending. */
export async function storeKnowledge(
  sqlite: Database.Database,
  curated: CuratedLayer,
  source: AnalysisSource,
  opts: { sliceMs?: number } = {},
): Promise<Knowledge> {
  await deriveStored(sqlite, curated, source, opts);
  return storedKnowledge(curated, new SqliteDerivedReader(sqlite), source);
}
