/**
 * The console adapter: a REPL where `/ask who is DPM under Lib-Lab?`, `/who --role … --scenario …` or a bare
 * question works, rendered as plain text with citations. Reads until end of input, so
 * `echo "/ask …" | npm start` works in a script.
 */
import { createInterface } from 'node:readline';
import { dispatch } from '../../core/commands/dispatch.js';
import { parseCommandLine } from '../../core/commands/parseText.js';
import type { CommandContext } from '../../core/commands/spec.js';
import type { Services } from '../../core/services.js';
import { renderText } from './renderText.js';

export function consoleCaller(services: Services): CommandContext {
  return {
    platform: 'console',
    services,
    caller: { id: 'console', isAdmin: true, canManageChannel: true },
    channelId: 'console',
  };
}

/** Handle one console line; returns the text to print ('' for nothing). */
export async function handleConsoleLine(services: Services, line: string): Promise<string> {
  const trimmed = line.trim();
  if (!trimmed || trimmed.startsWith('#')) return '';
  const inv = parseCommandLine(services.commands, trimmed);
  const reply = await dispatch(services.commands, inv, consoleCaller(services));
  return renderText(reply);
}

export async function runConsole(
  services: Services,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<void> {
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
  const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  if (interactive) {
    output.write('Whip console. Ask a question, or try /help. Ctrl-D to quit.\n');
    rl.setPrompt('whip> ');
    rl.prompt();
  }
  for await (const line of rl) {
    if (/^\/?(quit|exit)$/i.test(line.trim())) break;
    const text = await handleConsoleLine(services, line);
    if (text) output.write(`${text}\n\n`);
    if (interactive) rl.prompt();
  }
  rl.close();
}
