/**
 * A loopback fake of the Slack Web API (and of `response_url`s) for tests: an HTTP server on 127.0.0.1 only,
 * recording every request. web-api v8 uses fetch, so a real server is the only way to see its calls.
 *
 * Methods: auth.test, chat.postMessage, chat.postEphemeral, chat.update, conversations.info, users.info,
 * apps.connections.open (Socket Mode: a WebSocket on the same port that says hello and carries envelopes), and
 * `POST /response/:id` as a response_url; oauth.v2.access for the OAuth install flow (`grant` issues a code for a
 * workspace; `auth.test` then names that workspace for its token; `revoke` makes a token fail). Knobs: `invalidAuth`, `rateLimit(method, times, retryAfterSeconds)`
 * (also for `response_url`), `channelNotFound` channels, `users` (admins/owners).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export interface FakeRequest {
  /** `chat.postMessage`, or `response_url` for a response_url post. */
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  raw: string;
  /** Parsed body (form or JSON); `blocks`/`attachments` strings are parsed to arrays when they are JSON. */
  body: Record<string, unknown>;
  /** Bearer token or body token (never a real one in tests). */
  token?: string;
  /** The response's HTTP status and `error`, if any. */
  status: number;
  error?: string;
}

export interface FakeUser {
  id: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  /** The user's home workspace (default FAKE_TEAM_ID). */
  team_id?: string;
}

export const FAKE_BOT_USER_ID = 'U0WHIPBOT';
export const FAKE_BOT_ID = 'B0WHIPBOT';
export const FAKE_TEAM_ID = 'T0FAKE';

/** A workspace installed through the fake's OAuth: its bot token and bot user. */
export interface FakeInstall {
  teamId: string;
  teamName: string;
  botToken: string;
  botUserId: string;
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) {
    try {
      return JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return { _unparsed: raw };
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    if ((k === 'blocks' || k === 'attachments') && v.startsWith('[')) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        // keep the string
      }
    }
    out[k] = v;
  }
  return out;
}

export class SlackFake {
  readonly requests: FakeRequest[] = [];
  /** Make every Web API method answer `invalid_auth`. */
  invalidAuth = false;
  /** Make apps.connections.open (the app-level token) answer `invalid_auth`. */
  invalidAppToken = false;
  /** Channels that answer `channel_not_found` to chat.postMessage / postEphemeral / conversations.info. */
  readonly channelNotFound = new Set<string>();
  readonly users = new Map<string, FakeUser>();
  /** OAuth codes not yet exchanged, and the workspace each installs. */
  private readonly codes = new Map<string, FakeInstall>();
  /** Bot tokens issued through OAuth, by token. */
  readonly installs = new Map<string, FakeInstall>();
  private readonly revoked = new Set<string>();
  /** The client id/secret oauth.v2.access accepts (set both to use the OAuth flow). */
  oauthClient?: { id: string; secret: string };
  private readonly limits = new Map<string, { times: number; retryAfter: number }>();
  private readonly delays = new Map<string, number>();
  private server?: Server;
  private tsCounter = 0;
  private waiters: { pred: (r: FakeRequest) => boolean; resolve: (r: FakeRequest) => void }[] = [];
  private wss?: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private socketWaiters: (() => void)[] = [];
  private envelopeCounter = 0;
  /** Socket Mode acks received, by envelope id. */
  readonly acks = new Map<string, Record<string, unknown>>();
  private ackWaiters = new Map<string, (ack: Record<string, unknown>) => void>();
  port = 0;

  /** Answer the next `times` calls of `method` (`response_url` for response URLs) with 429 + Retry-After. */
  rateLimit(method: string, times = 1, retryAfterSeconds = 1): void {
    this.limits.set(method, { times, retryAfter: retryAfterSeconds });
  }

  /** A one-time OAuth code that installs the app in `teamId` (as Slack's redirect would carry it). */
  grant(code: string, teamId: string): FakeInstall {
    const install = {
      teamId,
      teamName: `Team ${teamId}`,
      botToken: `xox${'b'}-fake-${teamId.toLowerCase()}-${this.codes.size + this.installs.size + 1}`,
      botUserId: `U0BOT${teamId.slice(1)}`,
    };
    this.codes.set(code, install);
    return install;
  }

  /** Make a token answer `token_revoked` from now on (an uninstalled app). */
  revoke(token: string): void {
    this.revoked.add(token);
  }

  /** Hold every answer to `method` back by `ms` (a slow Slack); 0 removes the delay. */
  delay(method: string, ms: number): void {
    if (ms > 0) this.delays.set(method, ms);
    else this.delays.delete(method);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The Web API base, as SLACK_API_URL (with the trailing slash the WebClient expects). */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/response/${encodeURIComponent(id)}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const method = (req.url ?? '').startsWith('/response/')
          ? 'response_url'
          : (req.url ?? '').replace(/^\/api\//, '').split('?')[0];
        const wait = this.delays.get(method ?? '');
        if (wait) setTimeout(() => this.handle(req, res, raw), wait);
        else this.handle(req, res, raw);
      });
    });
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/socket-mode')) {
        socket.destroy();
        return;
      }
      this.wss?.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data) => {
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(String(data)) as Record<string, unknown>;
      } catch {
        return;
      }
      const id = typeof msg.envelope_id === 'string' ? msg.envelope_id : undefined;
      if (!id) return;
      this.acks.set(id, msg);
      this.ackWaiters.get(id)?.(msg);
      this.ackWaiters.delete(id);
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0WHIP' } }));
    const waiting = this.socketWaiters;
    this.socketWaiters = [];
    for (const w of waiting) w();
  }

  /** Resolve once a Socket Mode client is connected. */
  waitForSocket(timeoutMs = 20_000): Promise<void> {
    if (this.sockets.size) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('slack fake: no Socket Mode connection')), timeoutMs);
      this.socketWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  /**
   * Send a Socket Mode envelope (`slash_commands`, `events_api`, `interactive`) to the connected client and
   * resolve with its ack.
   */
  sendEnvelope(type: string, payload: unknown, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    const ws = [...this.sockets][0];
    if (!ws) return Promise.reject(new Error('slack fake: no Socket Mode connection'));
    this.envelopeCounter += 1;
    const envelopeId = `env-${this.envelopeCounter}`;
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`slack fake: no ack for ${envelopeId}`)), timeoutMs);
      this.ackWaiters.set(envelopeId, (ack) => {
        clearTimeout(t);
        resolve(ack);
      });
      ws.send(
        JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api' }),
      );
    });
  }

  async stop(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    this.wss?.close();
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections?.();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Requests of one method (`response_url` for response URL posts), optionally only successful ones. */
  calls(method: string, opts: { ok?: boolean } = {}): FakeRequest[] {
    return this.requests.filter(
      (r) => r.method === method && (opts.ok === undefined || opts.ok === (r.status === 200 && !r.error)),
    );
  }

  /** Every message payload delivered (postMessage, postEphemeral, update, response_url), successful only. */
  delivered(): FakeRequest[] {
    return this.requests.filter(
      (r) =>
        ['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'response_url'].includes(r.method) &&
        r.status === 200 &&
        !r.error,
    );
  }

  /** Resolve with the first request (already recorded or future) matching `pred`. */
  waitFor(pred: (r: FakeRequest) => boolean, timeoutMs = 10_000, what = 'a matching request'): Promise<FakeRequest> {
    const found = this.requests.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = {
        pred,
        resolve: (r: FakeRequest) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new Error(`slack fake: timed out waiting for ${what}; saw ${this.requests.map((r) => r.method).join(', ')}`),
        );
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  reset(): void {
    this.requests.length = 0;
    this.limits.clear();
    this.channelNotFound.clear();
    this.invalidAuth = false;
    this.invalidAppToken = false;
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `1700000000.${String(this.tsCounter).padStart(6, '0')}`;
  }

  private record(r: FakeRequest): void {
    this.requests.push(r);
    const ready = this.waiters.filter((w) => w.pred(r));
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve(r);
  }

  private handle(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const url = new URL(req.url ?? '/', this.url);
    const body = parseBody(raw, req.headers['content-type']);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof body.token === 'string' ? body.token : undefined;
    const isResponse = url.pathname.startsWith('/response/');
    const method = isResponse ? 'response_url' : url.pathname.replace(/^\/api\//, '');
    const base = { method, path: url.pathname, headers: req.headers, raw, body, token };

    const limit = this.limits.get(method);
    if (limit && limit.times > 0) {
      limit.times -= 1;
      this.record({ ...base, status: 429, error: 'ratelimited' });
      res.writeHead(429, { 'retry-after': String(limit.retryAfter), 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }

    if (isResponse) {
      this.record({ ...base, status: 200 });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true }));
      return;
    }

    const reply =
      method === 'oauth.v2.access'
        ? this.exchange(body, req.headers.authorization)
        : this.invalidAuth || !token
          ? { ok: false, error: token ? 'invalid_auth' : 'not_authed' }
          : this.revoked.has(token)
            ? { ok: false, error: 'token_revoked' }
            : this.answer(method, body, token);
    this.record({ ...base, status: 200, ...(reply.ok ? {} : { error: String(reply.error) }) });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(reply));
  }

  /** oauth.v2.access: the client's credentials (form body or HTTP Basic) and a granted code -> a bot token. */
  private exchange(
    body: Record<string, unknown>,
    authorization: string | undefined,
  ): Record<string, unknown> & { ok: boolean } {
    let id = typeof body.client_id === 'string' ? body.client_id : undefined;
    let secret = typeof body.client_secret === 'string' ? body.client_secret : undefined;
    if (authorization?.startsWith('Basic ')) {
      [id, secret] = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':');
    }
    if (!this.oauthClient || id !== this.oauthClient.id || secret !== this.oauthClient.secret) {
      return { ok: false, error: 'invalid_client_id' };
    }
    const code = typeof body.code === 'string' ? body.code : '';
    const install = this.codes.get(code);
    if (!install) return { ok: false, error: 'invalid_code' };
    this.codes.delete(code);
    this.installs.set(install.botToken, install);
    return {
      ok: true,
      app_id: 'A0WHIP',
      authed_user: { id: 'U0INSTALLER' },
      scope: 'commands,chat:write',
      token_type: 'bot',
      access_token: install.botToken,
      bot_user_id: install.botUserId,
      team: { id: install.teamId, name: install.teamName },
      enterprise: null,
      is_enterprise_install: false,
    };
  }

  private answer(
    method: string,
    body: Record<string, unknown>,
    token: string,
  ): Record<string, unknown> & { ok: boolean } {
    // App-level tokens (xapp-) only open Socket Mode connections; bot tokens (xoxb-) do everything else.
    if ((method === 'apps.connections.open') !== token.startsWith('xapp-')) {
      return { ok: false, error: 'not_allowed_token_type' };
    }
    const channel = typeof body.channel === 'string' ? body.channel : undefined;
    switch (method) {
      case 'auth.test': {
        const install = this.installs.get(token);
        return {
          ok: true,
          url: 'https://fake.slack.test/',
          team: install?.teamName ?? 'Fake Team',
          user: 'whip',
          team_id: install?.teamId ?? FAKE_TEAM_ID,
          user_id: install?.botUserId ?? FAKE_BOT_USER_ID,
          bot_id: FAKE_BOT_ID,
          is_enterprise_install: false,
        };
      }
      case 'chat.postMessage': {
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (this.channelNotFound.has(channel)) return { ok: false, error: 'channel_not_found' };
        const ts = this.nextTs();
        return {
          ok: true,
          channel,
          ts,
          message: { type: 'message', text: body.text, user: FAKE_BOT_USER_ID, bot_id: FAKE_BOT_ID, ts },
        };
      }
      case 'chat.postEphemeral':
        if (!channel || this.channelNotFound.has(channel)) return { ok: false, error: 'channel_not_found' };
        if (typeof body.user !== 'string') return { ok: false, error: 'user_not_in_channel' };
        return { ok: true, message_ts: this.nextTs() };
      case 'chat.update':
        if (!channel || this.channelNotFound.has(channel)) return { ok: false, error: 'channel_not_found' };
        if (typeof body.ts !== 'string') return { ok: false, error: 'message_not_found' };
        return { ok: true, channel, ts: body.ts, text: body.text };
      case 'apps.connections.open':
        if (this.invalidAppToken) return { ok: false, error: 'invalid_auth' };
        return { ok: true, url: `ws://127.0.0.1:${this.port}/socket-mode?ticket=fake` };
      case 'conversations.info':
        if (!channel || this.channelNotFound.has(channel)) return { ok: false, error: 'channel_not_found' };
        return {
          ok: true,
          channel: {
            id: channel,
            name: `chan-${channel.toLowerCase()}`,
            is_channel: true,
            is_archived: false,
            is_member: true,
          },
        };
      case 'users.info': {
        const id = typeof body.user === 'string' ? body.user : '';
        if (!id) return { ok: false, error: 'user_not_found' };
        const u = this.users.get(id) ?? { id };
        return {
          ok: true,
          user: {
            id,
            name: `user-${id.toLowerCase()}`,
            team_id: u.team_id ?? FAKE_TEAM_ID,
            is_admin: Boolean(u.is_admin),
            is_owner: Boolean(u.is_owner),
            is_primary_owner: Boolean(u.is_primary_owner),
            is_bot: false,
          },
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}
