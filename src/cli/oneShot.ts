/**
 * One-shot CLI: run a single command and print its reply (text, or JSON with --json), or answer one question
 * per stdin line as JSON lines (--jsonl). This is the contract the project is measured with; keep it stable.
 */
import { createInterface } from 'node:readline';
import { renderText } from '../adapters/console/renderText.js';
import { consoleCaller } from '../adapters/console/repl.js';
import { closeServices, createServices } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { dispatch } from '../core/commands/dispatch.js';
import type { Args, CommandContext } from '../core/commands/spec.js';
import { toJsonContract } from '../core/reply.js';
import type { Services } from '../core/services.js';
import { ExitError } from './run.js';

/** The CLI is the console platform, but its usage lines read `whip who <role>`, not `/who …`. */
function cliContext(services: Services): CommandContext {
  return { ...consoleCaller(services), surface: 'cli' };
}

async function withServices<T>(fn: (s: Services) => Promise<T>): Promise<T> {
  const config = await loadConfig();
  const services = await createServices(config);
  try {
    return await fn(services);
  } finally {
    await closeServices(services);
  }
}

export async function runOneShot(command: string, subcommand: string | undefined, args: Args, json: boolean) {
  await withServices(async (services) => {
    // `whip sources` with no page prints the whole list, page after page.
    if (command === 'sources' && args.page === undefined && !json) {
      for (let page = 1; ; page++) {
        const r = await dispatch(services.commands, { command, args: { page } }, cliContext(services));
        process.stdout.write(`${renderText({ ...r, fields: [] })}\n`);
        const [current, pages] = (r.fields?.find((f) => f.name === 'page')?.value ?? '1/1').split('/').map(Number);
        if (!current || !pages || current >= pages) return;
      }
    }
    const reply = await dispatch(services.commands, { command, subcommand, args }, cliContext(services));
    const question = typeof args.question === 'string' ? args.question : (reply.question ?? '');
    process.stdout.write(json ? `${JSON.stringify(toJsonContract(reply, question))}\n` : `${renderText(reply)}\n`);
    if (reply.kind === 'error') throw new ExitError(2);
  });
}

export async function runJsonLines(command: string, optionName: string) {
  await withServices(async (services) => {
    const ctx = cliContext(services);
    const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of rl) {
      // Every input line gets exactly one output line, in order, so callers can zip them.
      const reply = await dispatch(services.commands, { command, args: { [optionName]: line } }, ctx);
      process.stdout.write(`${JSON.stringify(toJsonContract(reply, line))}\n`);
    }
  });
}
