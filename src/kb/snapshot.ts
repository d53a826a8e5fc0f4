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
import { ANALYSER_VERSION, type ArticleAnalysis } from '../core/nlp/analyse.js';
import type { ArticleStore } from '../store/articles.js';

/** 2: articles without their body text (the engine answers from their analysis). */
const SNAPSHOT_VERSION = 2;
/** A rebuilt project (new compiled code) never reuses a snapshot made by the old one. */
const CODE_STAMP = statSync(fileURLToPath(import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? 0;

interface SnapshotFile {
  fingerprint: string;
  problems: { file: string; line: number; message: string }[];
  input: Omit<KnowledgeInput, 'analyses'> & { analyses: [string, ArticleAnalysis][] };
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

export class SnapshotCache {
  private readonly file: string;

  constructor(dir: string) {
    this.file = join(dir, 'kb-snapshot.json');
  }

  async fingerprint(kbDir: string, store: ArticleStore): Promise<string> {
    return createHash('sha256')
      .update(
        JSON.stringify([SNAPSHOT_VERSION, ANALYSER_VERSION, CODE_STAMP, listFiles(kbDir), await store.lastChange()]),
      )
      .digest('hex');
  }

  load(fingerprint: string): { input: KnowledgeInput; problems: KbProblem[] } | undefined {
    try {
      const snap = JSON.parse(readFileSync(this.file, 'utf8')) as SnapshotFile;
      if (snap.fingerprint !== fingerprint) return undefined;
      return {
        input: { ...snap.input, analyses: new Map(snap.input.analyses) },
        problems: snap.problems.map((p) => new KbProblem(p.file, p.line, p.message)),
      };
    } catch {
      return undefined;
    }
  }

  save(fingerprint: string, input: KnowledgeInput, problems: KbProblem[]): void {
    const snap: SnapshotFile = {
      fingerprint,
      problems: problems.map((p) => ({ file: p.file, line: p.line, message: p.message })),
      input: { ...input, analyses: [...input.analyses] },
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
