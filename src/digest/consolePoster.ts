/**
 * The console's ChannelPoster: prints each digest as text (`whip digest run`, `digest now` in the console).
 */
import { renderText } from '../adapters/console/renderText.js';
import type { ChannelPoster, PostResult } from '../core/delivery.js';
import type { Reply } from '../core/reply.js';

export class ConsolePoster implements ChannelPoster {
  readonly platform = 'console' as const;
  private n = 0;

  constructor(private readonly out: NodeJS.WritableStream = process.stdout) {}

  async post(channelId: string, reply: Reply): Promise<PostResult> {
    const id = `console-${Date.now()}-${++this.n}`;
    const head = `=== digest for ${channelId} ===`;
    this.out.write(`${head}\n${renderText(reply)}\n\n`);
    return { messageId: id };
  }
}
