/**
 * A snapshot of the prepared KB (curated layer checked, articles synced and analysed) in WHIP_DATA_DIR, reused
 * while nothing it was built from has changed: the kb/ files (paths, sizes, modification times), the stored
 * articles (count and last update), and the analyser and snapshot versions. Makes a one-shot `whip ask` skip
 * YAML parsing, validation and analysis. A missing, stale or unreadable snapshot is simply rebuilt.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KnowledgeInput } from '../core/answer/knowledge.js';
import { KbProblem } from '../core/kb/errors.js';
import { ANALYSER_VERSION } from '../core/nlp/analyse.js';
import type { ArticleStore } from '../store/articles.js';

/**
 * 2: articles without their body text (the engine answers from their analysis). 3: without the analyses either:
 * they stay in the store (at 100,000 articles their JSON exceeded V8's largest string).
 */
const SNAPSHOT_VERSION = 3;
/** A rebuilt project (new compiled code) never reuses a snapshot made by the old one. */
const CODE_STAMP = statSync(fileURLToPath(import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? 0;

/** What the knowledge is built from, less the analyses (read from the store by the build). */
export type PreparedInput = Omit<KnowledgeInput, 'analyses'>;

interface SnapshotFile {
  fingerprint: string;
  problems: { file: string; line: number; message: string }[];
  input: PreparedInput;
}

function listFiles(dir: string, out: string[] = []): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries.sort()) {
    const path = join(dir, name);
    const st = statSync(path, { throwIfNoEntry: false });
    if (st?.isDirectory()) listFiles(path, out);
    else if (st) out.push(`${path}:${st.size}:${st.mtimeMs}`);
  }
  return out;
}

/** The kb/ files as they are now (paths, sizes, modification times): equal stamps, same curated layer. */
export function kbFilesStamp(kbDir: string): string {
  return createHash('sha256')
    .update(JSON.stringify(listFiles(kbDir)))
    .digest('hex');
}

export class SnapshotCache {
  private readonly file: string;

  constructor(dir: string) {
    this.file = join(dir, 'kb-snapshot.json');
  }

  /**
   * `withArticles`: the snapshot holds the articles too (not over SQLite, where the knowledge reads them from the
   * store's derived rows), so a change to them makes it stale.
   */
  async fingerprint(kbDir: string, store: ArticleStore, withArticles = true): Promise<string> {
    const articles = withArticles ? await store.lastChange() : 'articles read from the store';
    return createHash('sha256')
      .update(JSON.stringify([SNAPSHOT_VERSION, ANALYSER_VERSION, CODE_STAMP, listFiles(kbDir), articles]))
      .digest('hex');
  }

  load(fingerprint: string): { input: PreparedInput; problems: KbProblem[] } | undefined {
    try {
      const snap = JSON.parse(readFileSync(this.file, 'utf8')) as SnapshotFile;
      if (snap.fingerprint !== fingerprint) return undefined;
      return {
        input: snap.input,
        problems: snap.problems.map((p) => new KbProblem(p.file, p.line, p.message)),
      };
    } catch {
      return undefined;
    }
  }

  save(fingerprint: string, input: PreparedInput, problems: KbProblem[]): void {
    const snap: SnapshotFile = {
      fingerprint,
      problems: problems.map((p) => ({ file: p.file, line: p.line, message: p.message })),
      input,
    };
    try {
      mkdirSync(join(this.file, '..'), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(snap));
      renameSync(tmp, this.file);
    } catch {
      // A snapshot is only an optimisation; failing to write one never stops the bot.
    }
  }
}
