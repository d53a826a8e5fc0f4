/**
 * Run the CLI and turn every known failure into one clear line on stderr and a non-zero exit — never a stack
 * trace (set LOG_LEVEL=debug to see one).
 */
import { type Command, CommanderError } from 'commander';
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

/**
 * Exit codes, one scheme for every command: 0 done; 1 the work failed (a source would not ingest, the KB has
 * problems, an unexpected error); 2 the command was used wrongly or cannot start (usage, configuration, store).
 */
export function explain(e: unknown): { lines: string[]; code: number } {
  if (e instanceof ExitError) return { lines: [], code: e.code };
  // Commander has already printed its message (or the help it was asked for).
  if (e instanceof CommanderError) return { lines: [], code: e.exitCode === 0 ? 0 : 2 };
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

/**
 * `whip kb gaps | head -1`: when the reader goes away, stop quietly with success instead of an EPIPE stack trace.
 */
export function quietOnClosedPipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}
