/**
 * POST a message to an interaction's `response_url` (slash commands, buttons) with bounded retries: a 429 waits
 * the `Retry-After` Slack gives (capped), 5xx and network failures back off. Bolt's own `respond()` does not retry.
 * The URL carries a secret token, so only its host is ever logged.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Logger } from '../../log.js';
import { describeError } from '../../log.js';

export interface ResponsePayload {
  response_type?: 'in_channel' | 'ephemeral';
  replace_original?: boolean;
  delete_original?: boolean;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
}

export interface ResponseUrlOptions {
  /** Attempts after the first (default 3). */
  retries?: number;
  /** Per-attempt timeout (default 10 s). */
  timeoutMs?: number;
  /** Longest Retry-After honoured (default 30 s); longer ones give up. */
  maxRetryAfterMs?: number;
  /** First backoff for 5xx/network errors (default 500 ms, doubled each time). */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class ResponseUrlError extends Error {
  override name = 'ResponseUrlError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// node:http(s) with keep-alive rather than fetch: a quarter of the CPU per post, which matters because this runs
// on the same event loop that must ack the next request within 3 s.
const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

/** POST `body` as JSON; resolves with the status and Retry-After header, body drained. */
function postJson(
  url: string,
  body: string,
  timeoutMs: number,
): Promise<{ status: number; retryAfter: string | null }> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      reject(new Error('invalid response_url'));
      return;
    }
    const secure = target.protocol === 'https:';
    if (!secure && target.protocol !== 'http:') {
      reject(new Error(`unsupported response_url protocol ${target.protocol}`));
      return;
    }
    const req = (secure ? httpsRequest : httpRequest)(
      target,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) },
      },
      (res: IncomingMessage) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] ?? null }));
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'invalid-url';
  }
}

export async function postToResponseUrl(
  url: string,
  payload: ResponsePayload,
  log: Logger,
  opts: ResponseUrlOptions = {},
): Promise<void> {
  const retries = opts.retries ?? 3;
  const sleep = opts.sleep ?? defaultSleep;
  const maxRetryAfter = opts.maxRetryAfterMs ?? 30_000;
  let backoff = opts.backoffMs ?? 500;
  const body = JSON.stringify(payload);
  for (let attempt = 0; ; attempt++) {
    let wait: number | undefined;
    let problem: string;
    let status: number | undefined;
    try {
      const res = await postJson(url, body, opts.timeoutMs ?? 10_000);
      if (res.status >= 200 && res.status < 300) return;
      status = res.status;
      problem = `HTTP ${res.status}`;
      if (res.status === 429) {
        const seconds = Number.parseInt(res.retryAfter ?? '', 10);
        wait = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : backoff;
        if (wait > maxRetryAfter) {
          throw new ResponseUrlError(`response_url rate limited for ${wait / 1000}s; giving up`, 429);
        }
      } else if (res.status >= 500) {
        wait = backoff;
      } else {
        // 4xx (expired or used-up response_url, bad payload): retrying will not help.
        throw new ResponseUrlError(`response_url refused the message (${problem})`, res.status);
      }
    } catch (e) {
      if (e instanceof ResponseUrlError) {
        log.warn({ host: hostOf(url), status: e.status }, e.message);
        throw e;
      }
      problem = describeError(e);
      wait = backoff;
    }
    if (attempt >= retries) {
      log.warn({ host: hostOf(url), status, attempts: attempt + 1 }, `response_url failed: ${problem}`);
      throw new ResponseUrlError(`response_url failed after ${attempt + 1} attempts: ${problem}`, status);
    }
    log.warn({ host: hostOf(url), status, retryInMs: wait }, `response_url failed (${problem}); retrying`);
    await sleep(wait);
    backoff *= 2;
  }
}
