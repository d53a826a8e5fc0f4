/**
 * An article file dropped into kb/articles/ without an articles.yaml entry is part of the KB: ingested on the
 * next start (once per content), answerable, and dated honestly ("date added; publication date unknown").
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/kb/runtime.js';
import { createLogger } from '../../src/log.js';
import { openDatabase, storeFile } from '../../src/store/db.js';

const ROOT = join(import.meta.dirname, '../..');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('article files without metadata', { timeout: 120_000 }, () => {
  it('are ingested on start and answered from, once per content', async () => {
    const kb = mkdtempSync(join(tmpdir(), 'whip-kb-'));
    const data = mkdtempSync(join(tmpdir(), 'whip-data-'));
    dirs.push(kb, data);
    cpSync(join(ROOT, 'kb'), kb, { recursive: true });
    const article = readFileSync(join(ROOT, 'tests/data/other/articles/102_byelection.txt'), 'utf8');
    writeFileSync(join(kb, 'articles', 'dropped.txt'), article);
    // A file that is not an article (empty) is reported and skipped; the rest keeps serving.
    writeFileSync(join(kb, 'articles', 'empty.txt'), '');
    const problems: string[] = [];
    const db = await openDatabase(storeFile(data));
    const log = createLogger('silent');
    try {
      const engine = await loadKnowledge({
        db,
        log,
        kbDir: kb,
        snapshotDir: data,
        report: (p) => problems.push(p.toString()),
      });
      // (Was "How many votes did Ukip get in Calder Moor?", passed by the wrong answer 12,640 — the winner's
      // votes — which session 15's verifier refuses: a question the article answers plainly tests the ingestion.)
      const reply = engine.ask('How many votes did Sarah Whitfield win in Calder Moor?');
      expect(reply.status).toBe('answered');
      expect(reply.answer).toMatch(/12,640/);
      expect(reply.citations[0]?.title).toMatch(/Calder Moor/);
      expect(reply.text).toMatch(/date added; publication date unknown/);
      expect(engine.ask('who is DPM under Lib-Lab?').answer).toMatch(/Clegg/);
      expect(problems.join('\n')).toMatch(/empty\.txt/);
      // A second start (no snapshot) does not add it again.
      const again = await loadKnowledge({ db, log, kbDir: kb, report: () => undefined });
      expect(again.k.articles.filter((a) => /Calder Moor/.test(a.title))).toHaveLength(1);
    } finally {
      await db.destroy();
    }
  });
});
