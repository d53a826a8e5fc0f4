/**
 * HTTP GET for web pages and feeds with undici's fetch: a time limit on the whole exchange (AbortSignal.timeout
 * covers every redirect hop, the headers and the body), a size cap, the declared charset, and failures turned into
 * one clear line (timed out, HTTP 500 …). 304 Not Modified is returned, not thrown, for conditional GETs.
 * Every hop is checked against the network policy (netPolicy.ts) before it is requested, and its connection
 * resolves the host through the same check (a custom `lookup`), so neither a redirect nor a changed DNS answer
 * reaches an internal address. Refused and unreachable addresses give one neutral message (no port state).
 */
import { Agent, fetch as undiciFetch } from 'undici';
import { IngestError } from './errors.js';
import { checkUrl, guardedLookup, isAllowedHost, type NetPolicy, policyFromEnv, REFUSED } from './netPolicy.js';

export const USER_AGENT = 'Whip/0.1 (politics briefing bot)';
export const MAX_BYTES = 5 * 1024 * 1024;
/** Redirects followed at most: real sites need one or two (http -> https, a moved article). */
export const MAX_REDIRECTS = 5;

export interface FetchOptions {
  timeoutMs: number;
  headers?: Record<string, string>;
  maxBytes?: number;
  /** Which hosts may be fetched; defaults to WHIP_FETCH_ALLOW_HOSTS with the system resolver. */
  policy?: NetPolicy;
}

export interface Fetched {
  status: number;
  /** The final URL, after redirects. */
  url: string;
  headers: Headers;
  contentType: string;
  text: string;
}

/** A timeout, else the neutral message: connection errors must not tell open, closed and refused apart. */
function describeFetchError(e: unknown, timeoutMs: number, signal: AbortSignal): string {
  const err = e as { name?: string };
  if (signal.aborted || err?.name === 'TimeoutError' || err?.name === 'AbortError')
    return `timed out after ${timeoutMs / 1000}s`;
  return REFUSED;
}

async function readBody(res: Response, maxBytes: number, source: string): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? '');
  if (declared > maxBytes) throw new IngestError(source, `too large (${declared} bytes; at most ${maxBytes})`);
  if (!res.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new IngestError(source, `too large (more than ${maxBytes} bytes)`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function decode(bytes: Uint8Array, contentType: string): string {
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

type UndiciResponse = Awaited<ReturnType<typeof undiciFetch>>;

/** GET a URL; throws IngestError (naming the URL) on anything but 2xx or 304. */
export async function fetchText(url: string, opts: FetchOptions): Promise<Fetched> {
  const policy = opts.policy ?? policyFromEnv();
  const signal = AbortSignal.timeout(opts.timeoutMs);
  const agents: Agent[] = [];
  try {
    let current: URL;
    try {
      current = new URL(url);
    } catch {
      throw new IngestError(url, 'not a valid URL');
    }
    let res: UndiciResponse | undefined;
    for (let hop = 0; ; hop++) {
      try {
        await checkUrl(current, policy);
      } catch {
        throw new IngestError(url, REFUSED);
      }
      // One agent per hop: its lookup re-checks the address actually connected to.
      const agent = new Agent({ connect: { lookup: guardedLookup(policy, isAllowedHost(current, policy)) } });
      agents.push(agent);
      try {
        res = await undiciFetch(current, {
          redirect: 'manual',
          signal,
          dispatcher: agent,
          headers: { 'user-agent': USER_AGENT, ...opts.headers },
        });
      } catch (e) {
        throw new IngestError(url, describeFetchError(e, opts.timeoutMs, signal));
      }
      const location = res.headers.get('location');
      if (res.status < 300 || res.status > 399 || res.status === 304 || !location) break;
      await res.body?.cancel().catch(() => undefined);
      if (hop >= MAX_REDIRECTS) throw new IngestError(url, `too many redirects (more than ${MAX_REDIRECTS})`);
      try {
        current = new URL(location, current);
      } catch {
        throw new IngestError(url, 'redirected to an invalid URL');
      }
    }
    const finalUrl = current.toString();
    if (res.status === 304) {
      await res.body?.cancel().catch(() => undefined);
      return { status: 304, url: finalUrl, headers: res.headers as Headers, contentType: '', text: '' };
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new IngestError(url, `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
    }
    const contentType = res.headers.get('content-type') ?? '';
    let bytes: Uint8Array;
    try {
      bytes = await readBody(res as unknown as Response, opts.maxBytes ?? MAX_BYTES, url);
    } catch (e) {
      if (e instanceof IngestError) throw e;
      throw new IngestError(url, describeFetchError(e, opts.timeoutMs, signal));
    }
    return {
      status: res.status,
      url: finalUrl,
      headers: res.headers as Headers,
      contentType,
      text: decode(bytes, contentType),
    };
  } finally {
    for (const a of agents) a.destroy().catch(() => undefined);
  }
}
