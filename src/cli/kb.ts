/** `whip kb check`, `whip kb gaps` and `whip kb prune`. */
import { loadConfig } from '../config.js';
import { checkKb, defaultKbDir } from '../core/kb/check.js';
import { openDatabase, storeLocation } from '../store/db.js';
import { QuestionLog } from '../store/questionLog.js';
import { articlesBefore, pruneArticles, retentionCutoff } from '../store/retention.js';
import { ExitError } from './run.js';

export async function runKbCheck(dir?: string): Promise<void> {
  const config = await loadConfig();
  const kbDir = dir ?? config.WHIP_KB_DIR ?? defaultKbDir();
  const problems = await checkKb(kbDir);
  for (const p of problems) process.stdout.write(`${p.toString()}\n`);
  if (problems.length) {
    process.stderr.write(`kb check: ${problems.length} problem(s) in ${kbDir}\n`);
    throw new ExitError(1);
  }
  process.stdout.write(`kb check: ${kbDir} is valid\n`);
}

export async function runKbGaps(limit: number): Promise<void> {
  const config = await loadConfig();
  const db = await openDatabase(storeLocation(config));
  try {
    const gaps = await new QuestionLog(db).gaps(limit);
    if (!gaps.length) {
      process.stdout.write('No unanswered questions logged yet.\n');
      return;
    }
    process.stdout.write('count  last asked            question\n');
    for (const g of gaps) {
      process.stdout.write(
        `${String(g.count).padStart(5)}  ${g.lastAsked.slice(0, 19).replace('T', ' ')}   ${g.question}\n`,
      );
    }
  } finally {
    await db.destroy();
  }
}

/**
 * `whip kb prune [--before YYYY-MM-DD] [--dry-run]`: ingested articles published before the day leave the store
 * (default day: today minus WHIP_KB_RETENTION_DAYS). A running bot notices through the store's change counter.
 */
export async function runKbPrune(before: string | undefined, dryRun: boolean): Promise<void> {
  const config = await loadConfig();
  if (before !== undefined && !isCalendarDay(before)) {
    process.stderr.write(`kb prune: --before must be a date as YYYY-MM-DD (got "${before}")\n`);
    throw new ExitError(2);
  }
  const days = config.WHIP_KB_RETENTION_DAYS;
  if (before === undefined && !days) {
    process.stderr.write(
      'kb prune: say which articles to remove with --before YYYY-MM-DD (WHIP_KB_RETENTION_DAYS is not set)\n',
    );
    throw new ExitError(2);
  }
  const day = before ?? retentionCutoff(days as number, new Date());
  const db = await openDatabase(storeLocation(config));
  try {
    if (dryRun) {
      const ids = await articlesBefore(db, day);
      for (const id of ids) process.stdout.write(`${id}\n`);
      process.stdout.write(
        `kb prune: ${ids.length} article${ids.length === 1 ? '' : 's'} published before ${day} would be removed\n`,
      );
      return;
    }
    const n = await pruneArticles(db, day);
    process.stdout.write(`kb prune: ${n} article${n === 1 ? '' : 's'} published before ${day} removed\n`);
  } finally {
    await db.destroy();
  }
}

/** A real calendar day written YYYY-MM-DD (not 2024-02-30). */
function isCalendarDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
