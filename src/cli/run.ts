/**
 * Run the CLI and turn every known failure into one clear line on stderr and a non-zero exit — never a stack
 * trace (set LOG_LEVEL=debug to see one).
 */
import type { Command } from 'commander';
import { ConfigError } from '../config.js';
import { KbError } from '../core/kb/errors.js';
import { describeError } from '../log.js';
import { StoreError } from '../store/db.js';

/** Thrown by actions that have already printed what went wrong. */
export class ExitError extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export function explain(e: unknown): { lines: string[]; code: number } {
  if (e instanceof ExitError) return { lines: [], code: e.code };
  if (e instanceof ConfigError) return { lines: e.problems, code: 2 };
  if (e instanceof KbError) return { lines: e.problems.map((p) => p.toString()), code: 2 };
  if (e instanceof StoreError) return { lines: [`store: ${e.message}`], code: 2 };
  return { lines: [`whip: ${describeError(e)}`], code: 1 };
}

export async function runCli(program: Command, argv = process.argv): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (e) {
    const { lines, code } = explain(e);
    for (const l of lines) process.stderr.write(`${l}\n`);
    if (process.env.LOG_LEVEL === 'debug' && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    process.exitCode = code;
  }
}
