/**
 * A scheduler process for the crash-safety test (tests/digest/crash.test.ts), run with `node --import tsx`.
 * It really dies (SIGKILL, no cleanup) at the point named by `mode`:
 *   afterClaim  — after the slot's ledger row is claimed, before anything is posted
 *   midPost     — after the platform received the post, before the outcome is recorded
 *   normal      — runs one pass and exits
 * Every post is appended (synchronously) to `postsFile`, the "channel".
 * argv: dataDir mode postsFile nowIso
 */
import { appendFileSync } from 'node:fs';
import type { ChannelPoster } from '../../src/core/delivery.js';
import { infoReply } from '../../src/core/reply.js';
import { DigestScheduler } from '../../src/digest/scheduler.js';
import { openDatabase, storeFile } from '../../src/store/db.js';

const [dataDir, mode, postsFile, nowIso] = process.argv.slice(2) as [string, string, string, string];
const offset = Date.parse(nowIso) - Date.now();
const die = () => process.kill(process.pid, 'SIGKILL');

const db = await openDatabase(storeFile(dataDir));
const poster: ChannelPoster = {
  platform: 'discord',
  async post(channelId, _reply, opts) {
    appendFileSync(postsFile, `${channelId} ${opts?.idempotencyKey}\n`);
    if (mode === 'midPost') die();
    return { messageId: `msg-${process.pid}` };
  },
};
const scheduler = new DigestScheduler({
  db,
  posters: () => ({ discord: poster }),
  compose: async () => infoReply('Digest', 'something new'),
  clock: { now: () => Date.now() + offset, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
  tickMs: 1000,
  graceMs: 60 * 60_000,
  lookbackDays: 7,
  leaseMs: 2000,
  jitterMs: 0,
  hooks: { afterClaim: () => (mode === 'afterClaim' ? die() : undefined) },
});
await scheduler.runOnce();
await db.destroy();
process.stdout.write('done\n');
