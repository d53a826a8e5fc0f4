/** `whip kb check` and `whip kb gaps`. */
import { loadConfig } from '../config.js';
import { checkKb, defaultKbDir } from '../core/kb/check.js';
import { openDatabase, storeLocation } from '../store/db.js';
import { QuestionLog } from '../store/questionLog.js';
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
