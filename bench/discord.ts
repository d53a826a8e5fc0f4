/**
 * Discord dispatch-to-callback latency: 1,000 `/ask question:"who is DPM under Lib-Lab?"` interactions sent as
 * INTERACTION_CREATE through the loopback fake gateway to the real adapter (a real discord.js Client, in process,
 * with the real services and knowledge base), timed from writing the gateway frame to the fake receiving the
 * interaction callback POST (the deferral that must land inside Discord's 3-second window). Each interaction's
 * edited reply, and the end of its handling, are awaited before the next is sent, so each is timed on an idle
 * bot. Run alone with `node dist/bench/discord.js`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startDiscord } from '../src/adapters/discord/index.js';
import { closeServices, createServices } from '../src/bootstrap.js';
import { parseConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { FakeDiscord } from '../tests/fakes/discordFake.js';
import { type Figure, latencyFigure, printFigures } from './lib.js';

const QUESTIONS = ['who is DPM under Lib-Lab?', 'Who would be prime minister under a Lib-Lab pact?', 'who is DPM?'];

export async function benchDiscord(n = 1000): Promise<Figure[]> {
  const fake = await FakeDiscord.start({ maxRecorded: 100 });
  const dataDir = mkdtempSync(join(tmpdir(), 'whip-bench-discord-'));
  const config = parseConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_API_BASE: fake.apiBase,
    WHIP_DATA_DIR: dataDir,
    WHIP_KB_DIR: process.env.WHIP_KB_DIR ?? '',
    LOG_LEVEL: 'silent',
  });
  const services = await createServices(config, { log: createLogger('silent') });
  const handled = new Map<string, () => void>();
  const discord = await startDiscord(services, { onHandled: (id) => handled.get(id)?.() });
  try {
    const one = async (i: number) => {
      const payload = fake.slashCommand(
        'ask',
        { question: QUESTIONS[i % QUESTIONS.length] as string },
        { user: { id: `2811111111111${String(100000 + (i % 50))}` } },
      );
      const done = new Promise<void>((resolve) => handled.set(payload.id, resolve));
      // Both waiters are in place before the frame is sent, so nothing is scanned while the bot works.
      const callbackPath = `/interactions/${payload.id}/${payload.token}/callback`;
      const editPath = `/webhooks/${fake.applicationId}/${payload.token}/messages/%40original`;
      const callbackP = fake.waitForRequest((r) => r.path === callbackPath, 10_000, 'callback', { history: false });
      const editP = fake.waitForRequest((r) => r.method === 'PATCH' && r.path === editPath, 10_000, 'edit', {
        history: false,
      });
      const sent = fake.sendInteraction(payload);
      const callback = await callbackP;
      const edit = await editP;
      if (edit.status !== 200) throw new Error(`interaction ${i}: the edit got ${edit.status}`);
      // Measure each interaction on an idle bot: wait until the previous one is fully handled.
      await done;
      handled.delete(payload.id);
      await new Promise((r) => setImmediate(r));
      return { callbackMs: callback.receivedAt - sent.sentAt, replyMs: edit.receivedAt - sent.sentAt };
    };
    for (let i = 0; i < 50; i++) await one(i);
    const callbacks: number[] = [];
    const replies: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = await one(i);
      callbacks.push(t.callbackMs);
      replies.push(t.replyMs);
    }
    return [
      latencyFigure(
        'Discord dispatch-to-callback latency (INTERACTION_CREATE on the fake gateway -> deferral POST, in-process discord.js)',
        callbacks,
        'p99 < 5 ms',
      ),
      latencyFigure(
        "Discord dispatch-to-reply latency (-> edited answer received; includes discord.js's 50 req/s global REST limiter)",
        replies,
      ),
    ];
  } finally {
    await discord.stop();
    await closeServices(services);
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printFigures('Discord', await benchDiscord());
}
