/**
 * HTTP GET for web pages and feeds with Node's fetch: a time limit on the whole exchange (AbortSignal.timeout
 * covers the headers and the body), a size cap, the declared charset, and failures turned into one clear line
 * (timed out, unreachable, HTTP 500 …). 304 Not Modified is returned, not thrown, for conditional GETs.
 */
import { IngestError } from './errors.js';

export const USER_AGENT = 'Whip/0.1 (politics briefing bot)';
export const MAX_BYTES = 5 * 1024 * 1024;

export interface FetchOptions {
  timeoutMs: number;
  headers?: Record<string, string>;
  maxBytes?: number;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

export interface Fetched {
  status: number;
  /** The final URL, after redirects. */
  url: string;
  headers: Headers;
  contentType: string;
  text: string;
}

function describeFetchError(e: unknown, timeoutMs: number): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return `timed out after ${timeoutMs / 1000}s`;
  const cause = err?.cause;
  if (cause?.code)
    return `unreachable (${cause.code}${cause.message && !cause.message.includes(cause.code) ? `: ${cause.message}` : ''})`;
  if (cause?.message) return `unreachable (${cause.message})`;
  return `unreachable (${err?.message ?? String(e)})`;
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

/** GET a URL; throws IngestError (naming the URL) on anything but 2xx or 304. */
export async function fetchText(url: string, opts: FetchOptions): Promise<Fetched> {
  const doFetch = opts.fetch ?? fetch;
  const signal = AbortSignal.timeout(opts.timeoutMs);
  let res: Response;
  try {
    res = await doFetch(url, {
      redirect: 'follow',
      signal,
      headers: { 'user-agent': USER_AGENT, ...opts.headers },
    });
  } catch (e) {
    throw new IngestError(url, describeFetchError(e, opts.timeoutMs));
  }
  if (res.status === 304) {
    await res.body?.cancel().catch(() => undefined);
    return { status: 304, url: res.url || url, headers: res.headers, contentType: '', text: '' };
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new IngestError(url, `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
  }
  const contentType = res.headers.get('content-type') ?? '';
  let bytes: Uint8Array;
  try {
    bytes = await readBody(res, opts.maxBytes ?? MAX_BYTES, url);
  } catch (e) {
    if (e instanceof IngestError) throw e;
    throw new IngestError(url, describeFetchError(e, opts.timeoutMs));
  }
  return {
    status: res.status,
    url: res.url || url,
    headers: res.headers,
    contentType,
    text: decode(bytes, contentType),
  };
}
