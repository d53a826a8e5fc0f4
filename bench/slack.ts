/**
 * Slack ack latency: 1,000 signed `/whip who is DPM under Lib-Lab?` requests to the real Bolt app (started in
 * this process by startSlack, with the real services and knowledge base), timed from sending the signed POST to
 * receiving Bolt's HTTP ack. Whip answers inside the ack when the answer is ready within its budget (it always is
 * here), so the ack carries the answer; the same bot forced to ack empty and answer through response_url (the
 * slow-answer path) is measured too, and so is a bare Bolt app that only acks (the floor on this machine).
 *
 * "Slack" runs in a worker thread: it signs and sends the requests and is the loopback Web API and response_url
 * the bot answers to. With its own event loop, a client's clock is not held up by the bot's work after the ack
 * (which would inflate every sample in a single-threaded set-up) — but the bot's post-ack work still delays the
 * next request's ack, as it would in production. Requests go back to back, one at a time, over keep-alive.
 * Run alone with `node dist/bench/slack.js`.
 */
import { createHmac } from 'node:crypto';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { type Figure, latencyFigure, printFigures } from './lib.js';

const SECRET = 'bench-signing-secret';
const ROLE = 'whip-slack-bench-slack';

type ToWorker = { type: 'run'; port: number; n: number; warmup: number; awaitAnswers: boolean } | { type: 'close' };
type FromWorker = { type: 'sink'; url: string } | { type: 'done'; samples: number[]; responses: number; sent: number };

// ---- the worker: plays Slack -------------------------------------------------------------------------------

/** Resolves with the ack latency and whether the ack carried the answer itself (Whip answers inline when it can). */
export function signedPost(agent: Agent, port: number, body: string): Promise<{ ms: number; answered: boolean }> {
  const ts = Math.floor(Date.now() / 1000);
  const sig = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/slack/events',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': sig,
        },
      },
      (res) => {
        const ms = performance.now() - t0;
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
        });
        res.on('end', () =>
          res.statusCode === 200
            ? resolve({ ms, answered: size > 0 })
            : reject(new Error(`ack status ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function playSlack(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  let responses = 0;
  // The loopback Web API (auth.test etc.) and response_url: every call succeeds.
  const sink = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url?.startsWith('/response/')) responses += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, user_id: 'U0BENCHBOT', bot_id: 'B0BENCHBOT', team_id: 'T0BENCH', ts: '1.1' }));
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  port.postMessage({ type: 'sink', url } satisfies FromWorker);

  port.on('message', async (msg: ToWorker) => {
    if (msg.type === 'close') {
      sink.closeAllConnections();
      sink.close();
      port.close();
      return;
    }
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const body = (i: number) =>
      new URLSearchParams({
        team_id: 'T0BENCH',
        channel_id: 'C0BENCH',
        user_id: `U0USER${i % 50}`,
        command: '/whip',
        text: 'who is DPM under Lib-Lab?',
        response_url: `${url}/response/${i}`,
        trigger_id: `t${i}`,
        api_app_id: 'A0BENCH',
      }).toString();
    let sent = 0;
    let inline = 0;
    for (; sent < msg.warmup; sent++) if ((await signedPost(agent, msg.port, body(sent))).answered) inline += 1;
    const samples: number[] = [];
    for (let i = 0; i < msg.n; i++, sent++) {
      const r = await signedPost(agent, msg.port, body(sent));
      samples.push(r.ms);
      if (r.answered) inline += 1;
    }
    responses += inline;
    // Let every acked request's answer arrive (bounded), so the bot is idle when it is stopped.
    for (let i = 0; msg.awaitAnswers && i < 200 && responses < sent; i++) await new Promise((r) => setTimeout(r, 25));
    agent.destroy();
    port.postMessage({ type: 'done', samples, responses, sent } satisfies FromWorker);
    responses = 0;
  });
}

// ---- the bot side ------------------------------------------------------------------------------------------

export async function benchSlack(n = 1000): Promise<Figure[]> {
  const [{ mkdtempSync, rmSync }, { tmpdir }, { join }] = await Promise.all([
    import('node:fs'),
    import('node:os'),
    import('node:path'),
  ]);
  const [{ App }, { startSlack }, { closeServices, createServices }, { parseConfig }, { createLogger }] =
    await Promise.all([
      import('@slack/bolt'),
      import('../src/adapters/slack/index.js'),
      import('../src/bootstrap.js'),
      import('../src/config.js'),
      import('../src/log.js'),
    ]);

  const worker = new Worker(new URL(import.meta.url), { workerData: { role: ROLE } });
  const next = () =>
    new Promise<FromWorker>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  const dataDir = mkdtempSync(join(tmpdir(), 'whip-bench-slack-'));
  try {
    const sink = await next();
    if (sink.type !== 'sink') throw new Error('bench worker did not start');
    const config = parseConfig({
      SLACK_BOT_TOKEN: 'xox' + 'b-bench-token',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: `${sink.url}/api/`,
      WHIP_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
    });
    const run = async (port: number, awaitAnswers: boolean) => {
      const done = next();
      worker.postMessage({ type: 'run', port, n, warmup: 100, awaitAnswers } satisfies ToWorker);
      const result = await done;
      if (result.type !== 'done') throw new Error('bench worker failed');
      return result;
    };

    const figures: Figure[] = [];
    const services = await createServices(config, { log: createLogger('silent') });
    try {
      for (const [inlineBudgetMs, name, target] of [
        [undefined, 'Slack /whip ack latency (signed POST -> HTTP ack carrying the answer)', 'p99 < 5 ms'],
        [0, 'Slack /whip ack latency, answer forced through response_url after an empty ack', undefined],
      ] as const) {
        const slack = await startSlack(services, { port: 0, host: '127.0.0.1', inlineBudgetMs });
        try {
          const result = await run(slack.port as number, true);
          const figure = latencyFigure(name, result.samples, target);
          figure.data = { ...figure.data, answers_delivered: result.responses, requests: result.sent };
          figure.value += `; ${result.responses}/${result.sent} answers delivered`;
          figures.push(figure);
        } finally {
          await slack.stop();
        }
      }
    } finally {
      await closeServices(services);
    }

    // The floor on this machine: a bare Bolt app that only acks, measured the same way.
    const bare = new App({ token: 'xox' + 'b-bench-token', botId: 'B0', botUserId: 'U0', signingSecret: SECRET });
    bare.command('/whip', async ({ ack }) => {
      await ack();
    });
    const server = (await bare.start({ port: 0, host: '127.0.0.1' })) as Server;
    try {
      const result = await run((server.address() as AddressInfo).port, false);
      figures.push(
        latencyFigure('Slack ack latency floor (bare Bolt app that only acks, same harness)', result.samples),
      );
    } finally {
      await bare.stop();
    }
    return figures;
  } finally {
    worker.postMessage({ type: 'close' } satisfies ToWorker);
    await worker.terminate();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) {
  await playSlack();
} else if (isMainThread && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printFigures('Slack', await benchSlack());
}
