/**
 * A loopback fake Discord for tests and benchmarks: the REST API under /api/v10 and a JSON (uncompressed)
 * WebSocket gateway, both on one 127.0.0.1 port. It records every request, can inject failures (500s, 429s with
 * retry-after, 403/404 with Discord error codes, slow responses) on chosen routes, rejects unknown tokens with
 * 401 (REST) or close code 4004 (gateway), and sends realistic INTERACTION_CREATE payloads for slash commands,
 * autocomplete and buttons. Point a real discord.js Client at it with `rest: { api: fake.apiBase }` or the bot
 * with DISCORD_API_BASE=fake.apiBase.
 */
import { randomBytes } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type WebSocket, WebSocketServer } from 'ws';

const DISCORD_EPOCH = 1420070400000n;
let increment = 0n;

/** A realistic snowflake (18-19 digits), unique within the process. */
export function snowflake(at = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

export interface RecordedRequest {
  method: string;
  /** Path after /api/v10, without the query, e.g. `/interactions/123/tok/callback`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (or the raw text, or undefined when empty). */
  body: unknown;
  /** performance.now() when the request arrived (before its body was read). */
  receivedAt: number;
  /** Status the fake answered with. */
  status?: number;
}

export interface FailureRule {
  method?: string;
  /** Matched against the path after /api/v10. */
  path: RegExp | string;
  status: number;
  /** How many matching requests fail (default 1; Infinity for all). */
  times?: number;
  /** Seconds, sent as the retry-after header and body field (429). */
  retryAfter?: number;
  /** Discord JSON error code in the body (e.g. 50013 Missing Permissions). */
  code?: number;
  message?: string;
  /** Wait this long before answering (timeouts). */
  delayMs?: number;
}

interface ActiveRule extends FailureRule {
  remaining: number;
  hits: number;
}

export interface FakeDiscordOptions {
  token?: string;
  applicationId?: string;
  guildId?: string;
  channelId?: string;
  /** Accept only `token` (default true); other tokens get 401 / close 4004. */
  strictToken?: boolean;
  /** Heartbeat interval sent in HELLO (ms). */
  heartbeatInterval?: number;
  /** Keep at most this many recorded requests (oldest dropped; default: all). Benchmarks keep few. */
  maxRecorded?: number;
}

export interface FakeUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: null;
  bot?: boolean;
  public_flags?: number;
}

/** Permissions: a regular member (view, send, read history, use application commands …) and an admin. */
export const PERMISSIONS = {
  member: String((1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 15n) | (1n << 16n) | (1n << 31n) | (1n << 6n)),
  manageChannels: String((1n << 4n) | (1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 31n)),
  admin: String((1n << 3n) | (1n << 5n) | (1n << 4n) | (1n << 10n) | (1n << 11n) | (1n << 31n)),
};

export interface InteractionOptions {
  user?: Partial<FakeUser>;
  permissions?: string;
  guildId?: string | null;
  channelId?: string;
  locale?: string;
}

export type OptionValue = string | number | boolean;

export interface SentInteraction {
  id: string;
  token: string;
  payload: Record<string, unknown>;
  /** performance.now() when the gateway frame was written. */
  sentAt: number;
}

/** What the user ends up seeing for one interaction. */
export interface VisibleReply {
  via: 'callback' | 'edit' | 'followup';
  body: Record<string, unknown>;
  ephemeral: boolean;
  request: RecordedRequest;
}

type Waiter = { pred: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void };

export class FakeDiscord {
  readonly token: string;
  readonly applicationId: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly botUser: FakeUser;
  readonly requests: RecordedRequest[] = [];
  /** Registered commands: key 'global' or a guild id. */
  readonly commands = new Map<string, Record<string, unknown>[]>();
  readonly rejectedTokens = new Set<string>();
  /** Every gateway payload received from clients (IDENTIFY, heartbeats …). */
  readonly gatewayReceived: { op: number; d: unknown }[] = [];
  strictToken: boolean;
  maxRecorded: number;
  /** Close every IDENTIFY with 4004 (a token the REST API accepted but the gateway refuses). */
  rejectIdentify = false;

  private server!: Server;
  private wss!: WebSocketServer;
  private port = 0;
  private rules: ActiveRule[] = [];
  private waiters: Waiter[] = [];
  private sockets = new Set<WebSocket>();
  private ready = new Set<WebSocket>();
  private readyWaiters: (() => void)[] = [];
  private seq = 0;
  private readonly heartbeatInterval: number;
  private readonly interactions = new Map<string, SentInteraction>();
  private readonly messages = new Map<string, Record<string, unknown>>();
  private readonly nonces = new Map<string, Record<string, unknown>>();
  /** Messages created with POST /channels/:id/messages, in order. */
  readonly channelMessages: Record<string, unknown>[] = [];
  /** Threads created with createThread: thread id -> parent channel id. */
  private readonly threads = new Map<string, string>();

  private constructor(opts: FakeDiscordOptions) {
    this.token =
      opts.token ?? `${Buffer.from(snowflake()).toString('base64url')}.fake.${randomBytes(20).toString('base64url')}`;
    this.applicationId = opts.applicationId ?? snowflake();
    this.guildId = opts.guildId ?? snowflake();
    this.channelId = opts.channelId ?? snowflake();
    this.strictToken = opts.strictToken ?? true;
    this.maxRecorded = opts.maxRecorded ?? Number.POSITIVE_INFINITY;
    this.heartbeatInterval = opts.heartbeatInterval ?? 41250;
    this.botUser = {
      id: this.applicationId,
      username: 'Whip',
      global_name: null,
      discriminator: '0000',
      avatar: null,
      bot: true,
      public_flags: 0,
    };
  }

  static async start(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(opts);
    await fake.listen();
    return fake;
  }

  /** REST base for `rest.api` / DISCORD_API_BASE (discord.js appends /v10). */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  private async listen(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.onRequest(req, res);
    });
    this.server.keepAliveTimeout = 5000;
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (ws) => this.onConnection(ws));
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // -------------------------------------------------------------------------------------------------------
  // knobs

  /** Make matching requests fail. Returns the rule, whose `hits` counts the failures served. */
  fail(rule: FailureRule): ActiveRule {
    const active: ActiveRule = { ...rule, remaining: rule.times ?? 1, hits: 0 };
    this.rules.push(active);
    return active;
  }

  clearFailures(): void {
    this.rules = [];
  }

  /** Revoke a token: REST answers 401, the gateway closes with 4004. */
  rejectToken(token: string): void {
    this.rejectedTokens.add(token);
  }

  private tokenOk(token: string | undefined): boolean {
    if (!token || this.rejectedTokens.has(token)) return false;
    return !this.strictToken || token === this.token;
  }

  // -------------------------------------------------------------------------------------------------------
  // REST

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    let body: unknown;
    if (raw.length) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const prefix = '/api/v10';
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
    const rec: RecordedRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path,
      query: url.searchParams,
      headers: req.headers,
      body,
      receivedAt,
    };
    this.requests.push(rec);
    if (this.requests.length > this.maxRecorded) this.requests.splice(0, this.requests.length - this.maxRecorded);
    const send = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      rec.status = status;
      const text = json === undefined ? '' : JSON.stringify(json);
      res.writeHead(status, {
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        'content-length': Buffer.byteLength(text).toString(),
        ...headers,
      });
      res.end(text);
      this.notify(rec);
    };

    if (!url.pathname.startsWith(prefix)) return send(404, { message: '404: Not Found', code: 0 });

    const rule = this.rules.find(
      (r) => r.remaining > 0 && (!r.method || r.method.toUpperCase() === rec.method) && matches(r.path, path),
    );
    if (rule) {
      rule.remaining--;
      rule.hits++;
      if (rule.delayMs) await sleep(rule.delayMs);
      if (rule.status === 429) {
        const retryAfter = rule.retryAfter ?? 1;
        return send(
          429,
          {
            message: rule.message ?? 'You are being rate limited.',
            retry_after: retryAfter,
            global: false,
            code: rule.code ?? 0,
          },
          { 'retry-after': String(retryAfter), 'x-ratelimit-scope': 'user' },
        );
      }
      if (rule.status >= 400) {
        return send(rule.status, { message: rule.message ?? httpMessage(rule.status), code: rule.code ?? 0 });
      }
    }

    // Interaction callbacks and webhook (interaction token) routes are authenticated by their token, not a header.
    const tokenRoute = /^\/(interactions|webhooks)\//.test(path);
    if (!tokenRoute) {
      const auth = req.headers.authorization;
      const token = auth?.replace(/^Bot\s+/i, '');
      if (!this.tokenOk(token)) return send(401, { message: '401: Unauthorized', code: 0 });
    }

    const commandsRoute = /^\/applications\/(\d+)\/(?:guilds\/(\d+)\/)?commands$/.exec(path);
    const callbackRoute = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
    const webhookRoute = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/.exec(path);
    const channelRoute = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (rec.method === 'GET' && path === '/gateway/bot') {
      return send(200, {
        url: this.gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      });
    }
    if (rec.method === 'GET' && path === '/gateway') return send(200, { url: this.gatewayUrl });
    if (rec.method === 'GET' && path === '/users/@me') return send(200, this.botUser);
    if (rec.method === 'GET' && path === '/oauth2/applications/@me') return send(200, this.application());
    if (commandsRoute) {
      const [, appId, guildId] = commandsRoute;
      if (appId !== this.applicationId) return send(403, { message: 'Missing Access', code: 50001 });
      if (guildId && guildId !== this.guildId) return send(403, { message: 'Missing Access', code: 50001 });
      const key = guildId ?? 'global';
      if (rec.method === 'GET') return send(200, this.commands.get(key) ?? []);
      if (rec.method === 'PUT') {
        const list = Array.isArray(body) ? (body as Record<string, unknown>[]) : [];
        const prev = this.commands.get(key) ?? [];
        const stored = list.map((c) => this.storeCommand(c, guildId, prev));
        this.commands.set(key, stored);
        return send(200, stored);
      }
      return send(405, { message: '405: Method Not Allowed', code: 0 });
    }
    if (rec.method === 'POST' && callbackRoute) {
      const [, id, token] = callbackRoute;
      const known = this.interactions.get(id as string);
      if (!known || known.token !== token) return send(404, { message: 'Unknown interaction', code: 10062 });
      const cb = body as { type?: number; data?: Record<string, unknown> } | undefined;
      if (cb?.type === 4 || cb?.type === 5 || cb?.type === 7) {
        this.messages.set(`${token}:@original`, this.message(cb.data ?? {}, known));
      }
      if (rec.query.get('with_response') === 'true') {
        return send(200, { interaction: { id, type: known.payload.type }, resource: { type: cb?.type } });
      }
      return send(204);
    }
    if (webhookRoute) {
      const [, appId, token, messageId] = webhookRoute;
      const known = [...this.interactions.values()].find((i) => i.token === token);
      if (appId !== this.applicationId || !known) return send(404, { message: 'Unknown Webhook', code: 10015 });
      if (rec.method === 'POST' && !messageId) {
        const msg = this.message((body as Record<string, unknown>) ?? {}, known);
        this.messages.set(`${token}:${msg.id}`, msg);
        return send(200, msg);
      }
      const key = `${token}:${messageId === '%40original' ? '@original' : messageId}`;
      const existing = this.messages.get(key);
      if (!existing) return send(404, { message: 'Unknown Message', code: 10008 });
      if (rec.method === 'PATCH') {
        const updated = {
          ...existing,
          ...this.message((body as Record<string, unknown>) ?? {}, known),
          id: existing.id,
          flags: existing.flags,
        };
        this.messages.set(key, updated);
        return send(200, updated);
      }
      if (rec.method === 'DELETE') {
        this.messages.delete(key);
        return send(204);
      }
      if (rec.method === 'GET') return send(200, existing);
      return send(405, { message: '405: Method Not Allowed', code: 0 });
    }
    if (rec.method === 'POST' && channelRoute) {
      const [, channelId] = channelRoute;
      const b = (body as Record<string, unknown>) ?? {};
      // enforce_nonce: the same nonce in the same channel returns the message already created.
      const nonceKey = b.enforce_nonce && b.nonce !== undefined ? `${channelId}:${String(b.nonce)}` : undefined;
      const existing = nonceKey ? this.nonces.get(nonceKey) : undefined;
      if (existing) return send(200, existing);
      const msg = { ...this.message(b, undefined, channelId), ...(b.nonce !== undefined ? { nonce: b.nonce } : {}) };
      if (nonceKey) this.nonces.set(nonceKey, msg);
      this.channelMessages.push(msg);
      return send(200, msg);
    }
    return send(404, { message: '404: Not Found', code: 0 });
  }

  private storeCommand(c: Record<string, unknown>, guildId: string | undefined, prev: Record<string, unknown>[]) {
    const old = prev.find((p) => p.name === c.name);
    // Discord echoes commands with ids and defaults, and drops `required: false` / `autocomplete: false`.
    const stripOptions = (opts: unknown): unknown =>
      Array.isArray(opts)
        ? opts.map((o: Record<string, unknown>) => {
            const { required, autocomplete, options, ...rest } = o;
            return {
              ...rest,
              ...(required ? { required } : {}),
              ...(autocomplete ? { autocomplete } : {}),
              ...(options ? { options: stripOptions(options) } : {}),
            };
          })
        : undefined;
    const out: Record<string, unknown> = {
      id: (old?.id as string | undefined) ?? snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      type: c.type ?? 1,
      name: c.name,
      description: c.description,
      default_member_permissions: c.default_member_permissions ?? null,
      dm_permission: true,
      // Discord echoes what was set (contexts only on global commands).
      contexts: c.contexts ?? null,
      integration_types: c.integration_types ?? [0],
      nsfw: false,
    };
    if (guildId) out.guild_id = guildId;
    const options = stripOptions(c.options);
    if (options) out.options = options;
    return out;
  }

  private message(
    data: Record<string, unknown>,
    interaction?: SentInteraction,
    channelId?: string,
  ): Record<string, unknown> {
    return {
      id: snowflake(),
      channel_id: channelId ?? this.channelId,
      author: this.botUser,
      content: typeof data.content === 'string' ? data.content : '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: Array.isArray(data.embeds) ? data.embeds : [],
      components: Array.isArray(data.components) ? data.components : [],
      pinned: false,
      type: interaction ? 20 : 0,
      flags: typeof data.flags === 'number' ? data.flags : 0,
      ...(interaction ? { application_id: this.applicationId, webhook_id: this.applicationId } : {}),
    };
  }

  private application() {
    return {
      id: this.applicationId,
      name: 'Whip',
      description: '',
      bot_public: true,
      bot_require_code_grant: false,
      flags: 0,
    };
  }

  // -------------------------------------------------------------------------------------------------------
  // waiting on requests

  private notify(rec: RecordedRequest): void {
    for (const w of [...this.waiters]) {
      if (w.pred(rec)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(rec);
      }
    }
  }

  /**
   * Resolve with a request matching `pred` once it has been answered: one already recorded (unless
   * `history: false`), or the next to come.
   */
  waitForRequest(
    pred: (r: RecordedRequest) => boolean,
    timeoutMs = 15_000,
    label = 'request',
    opts: { history?: boolean } = {},
  ): Promise<RecordedRequest> {
    if (opts.history !== false) {
      const found = this.requests.find((r) => r.status !== undefined && pred(r));
      if (found) return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        pred,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`fake discord: no ${label} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** The interaction's original response message (its id is what a user replies to), once there is one. */
  originalMessage(i: SentInteraction): Record<string, unknown> | undefined {
    return this.messages.get(`${i.token}:@original`);
  }

  /** Requests belonging to one interaction (callback, edits, follow-ups), in order. */
  requestsFor(i: SentInteraction): RecordedRequest[] {
    return this.requests.filter((r) => r.path.includes(`/${i.token}/`) || r.path.endsWith(`/${i.token}`));
  }

  /**
   * Wait until the user sees a reply to `i`: a type-4 callback, the deferred placeholder edited, a follow-up,
   * or (autocomplete) a type-8 callback. Only successful (2xx) requests count.
   */
  async waitForReply(i: SentInteraction, timeoutMs = 15_000): Promise<VisibleReply> {
    const req = await this.waitForRequest(
      (r) => {
        if (!r.status || r.status >= 300) return false;
        if (r.method === 'POST' && r.path === `/interactions/${i.id}/${i.token}/callback`) {
          const t = (r.body as { type?: number }).type;
          return t === 4 || t === 7 || t === 8;
        }
        if (r.method === 'PATCH' && r.path === `/webhooks/${this.applicationId}/${i.token}/messages/@original`)
          return true;
        if (r.method === 'PATCH' && r.path === `/webhooks/${this.applicationId}/${i.token}/messages/%40original`)
          return true;
        return r.method === 'POST' && r.path === `/webhooks/${this.applicationId}/${i.token}`;
      },
      timeoutMs,
      `reply to interaction ${i.id}`,
    );
    const cbData = (b: unknown) => ((b as { data?: Record<string, unknown> }).data ?? {}) as Record<string, unknown>;
    if (req.method === 'POST' && req.path.endsWith('/callback')) {
      const data = cbData(req.body);
      return { via: 'callback', body: data, ephemeral: ((Number(data.flags) || 0) & 64) !== 0, request: req };
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (req.method === 'PATCH') {
      const defer = this.requestsFor(i).find(
        (r) => r.path.endsWith('/callback') && (r.body as { type?: number }).type === 5,
      );
      const flags = Number(cbData(defer?.body).flags) || 0;
      return { via: 'edit', body, ephemeral: (flags & 64) !== 0, request: req };
    }
    return { via: 'followup', body, ephemeral: ((Number(body.flags) || 0) & 64) !== 0, request: req };
  }

  // -------------------------------------------------------------------------------------------------------
  // gateway

  private onConnection(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => {
      this.sockets.delete(ws);
      this.ready.delete(ws);
    });
    ws.on('message', (data) => {
      let msg: { op: number; d: unknown };
      try {
        msg = JSON.parse(String(data));
      } catch {
        ws.close(4002, 'Error while decoding payload.');
        return;
      }
      this.gatewayReceived.push(msg);
      this.onGateway(ws, msg);
    });
    ws.send(
      JSON.stringify({
        op: 10,
        d: { heartbeat_interval: this.heartbeatInterval, _trace: ['fake-gateway'] },
        s: null,
        t: null,
      }),
    );
  }

  private onGateway(ws: WebSocket, msg: { op: number; d: unknown }): void {
    switch (msg.op) {
      case 1: // heartbeat
        ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
        break;
      case 2: {
        // identify
        const d = msg.d as { token?: string; intents?: number };
        if (this.rejectIdentify || !this.tokenOk(d.token)) {
          ws.close(4004, 'Authentication failed.');
          return;
        }
        this.dispatch(ws, 'READY', {
          v: 10,
          user: { ...this.botUser, verified: true, mfa_enabled: false, flags: 0 },
          guilds: [{ id: this.guildId, unavailable: true }],
          session_id: randomBytes(16).toString('hex'),
          resume_gateway_url: this.gatewayUrl,
          shard: [0, 1],
          application: { id: this.applicationId, flags: 0 },
          private_channels: [],
          relationships: [],
          presences: [],
          guild_join_requests: [],
          user_settings: {},
          geo_ordered_rtc_regions: [],
          session_type: 'normal',
          auth_session_id_hash: '',
          _trace: ['fake-gateway'],
        });
        this.dispatch(ws, 'GUILD_CREATE', this.guild());
        this.ready.add(ws);
        for (const w of this.readyWaiters.splice(0)) w();
        break;
      }
      case 6: // resume
        this.dispatch(ws, 'RESUMED', null);
        this.ready.add(ws);
        for (const w of this.readyWaiters.splice(0)) w();
        break;
      default:
        break;
    }
  }

  private dispatch(ws: WebSocket, t: string, d: unknown): void {
    ws.send(JSON.stringify({ op: 0, t, s: ++this.seq, d }));
  }

  /** Resolves once a client has identified (READY and GUILD_CREATE sent). */
  waitForIdentify(timeoutMs = 15_000): Promise<void> {
    if (this.ready.size) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fake discord: no IDENTIFY within ${timeoutMs} ms`)), timeoutMs);
      this.readyWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  get identifiedClients(): number {
    return this.ready.size;
  }

  guild(): Record<string, unknown> {
    const everyone = {
      id: this.guildId,
      name: '@everyone',
      permissions: PERMISSIONS.member,
      position: 0,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      managed: false,
      mentionable: false,
      icon: null,
      unicode_emoji: null,
      flags: 0,
    };
    return {
      id: this.guildId,
      name: 'Whip test guild',
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: snowflake(),
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      system_channel_id: this.channelId,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      preferred_locale: 'en-GB',
      vanity_url_code: null,
      features: [],
      max_members: 500000,
      max_video_channel_users: 25,
      application_id: null,
      joined_at: new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: 3,
      roles: [everyone],
      emojis: [],
      stickers: [],
      members: [],
      channels: [
        {
          id: this.channelId,
          type: 0,
          name: 'politics',
          position: 0,
          parent_id: null,
          topic: null,
          nsfw: false,
          last_message_id: null,
          rate_limit_per_user: 0,
          permission_overwrites: [],
          flags: 0,
        },
      ],
      threads: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      embedded_activities: [],
      lazy: true,
    };
  }

  // -------------------------------------------------------------------------------------------------------
  // interactions

  private base(type: number, opts: InteractionOptions): Record<string, unknown> & { id: string; token: string } {
    const id = snowflake();
    const token = `aW50ZXJhY3Rpb246${Buffer.from(`${id}:${randomBytes(36).toString('base64url')}`).toString('base64url')}`;
    const user = alice(opts.user);
    const guildId = opts.guildId === undefined ? this.guildId : opts.guildId;
    const channelId = opts.channelId ?? this.channelId;
    const permissions = opts.permissions ?? PERMISSIONS.member;
    const payload: Record<string, unknown> & { id: string; token: string } = {
      id,
      token,
      type,
      version: 1,
      application_id: this.applicationId,
      channel_id: channelId,
      app_permissions: '2248473465835073',
      locale: opts.locale ?? 'en-GB',
      entitlements: [],
      entitlement_sku_ids: [],
      attachment_size_limit: 10485760,
    };
    if (guildId) {
      payload.guild_id = guildId;
      payload.guild_locale = 'en-GB';
      payload.guild = { id: guildId, locale: 'en-GB', features: [] };
      payload.context = 0;
      payload.authorizing_integration_owners = { '0': guildId };
      const parent = this.threads.get(channelId);
      payload.channel = {
        id: channelId,
        type: parent ? 11 : 0,
        guild_id: guildId,
        name: parent ? 'a thread' : 'politics',
        position: 0,
        parent_id: parent ?? null,
        topic: null,
        nsfw: false,
        last_message_id: null,
        rate_limit_per_user: 0,
        permissions,
        flags: 0,
      };
      payload.member = {
        user,
        roles: [],
        premium_since: null,
        permissions,
        pending: false,
        nick: null,
        mute: false,
        joined_at: '2024-01-01T00:00:00.000000+00:00',
        flags: 0,
        deaf: false,
        communication_disabled_until: null,
        unusual_dm_activity_until: null,
        banner: null,
        avatar: null,
      };
    } else {
      payload.context = 1;
      payload.authorizing_integration_owners = { '0': '0' };
      payload.channel = { id: channelId, type: 1, last_message_id: null, flags: 0, recipients: [user] };
      payload.user = user;
    }
    return payload;
  }

  private commandId(name: string, guildId: string | null | undefined): string {
    const list = [...(this.commands.get(guildId ?? 'global') ?? []), ...(this.commands.get('global') ?? [])];
    return (list.find((c) => c.name === name)?.id as string | undefined) ?? snowflake();
  }

  /** A CHAT_INPUT (slash command) interaction payload. */
  slashCommand(
    name: string,
    options: Record<string, OptionValue> = {},
    opts: InteractionOptions & { subcommand?: string; focused?: string } = {},
  ): Record<string, unknown> & { id: string; token: string } {
    const p = this.base(opts.focused ? 4 : 2, opts);
    const list = Object.entries(options).map(([k, v]) => ({
      name: k,
      type: typeof v === 'boolean' ? 5 : typeof v === 'number' ? (Number.isInteger(v) ? 4 : 10) : 3,
      value: v,
      ...(opts.focused === k ? { focused: true } : {}),
    }));
    const guildId = p.guild_id as string | undefined;
    p.data = {
      id: this.commandId(name, guildId),
      name,
      type: 1,
      ...(guildId ? { guild_id: guildId } : {}),
      options: opts.subcommand ? [{ name: opts.subcommand, type: 1, options: list }] : list,
    };
    return p;
  }

  /** An APPLICATION_COMMAND_AUTOCOMPLETE payload with `focused` being typed. */
  autocomplete(
    name: string,
    options: Record<string, OptionValue>,
    focused: string,
    opts: InteractionOptions & { subcommand?: string } = {},
  ): Record<string, unknown> & { id: string; token: string } {
    return this.slashCommand(name, options, { ...opts, focused });
  }

  /** A button click (MESSAGE_COMPONENT) on a message the bot sent. */
  button(
    customId: string,
    opts: InteractionOptions & { message?: Record<string, unknown> } = {},
  ): Record<string, unknown> & { id: string; token: string } {
    const p = this.base(3, opts);
    p.data = { custom_id: customId, component_type: 2 };
    p.message =
      opts.message ??
      this.message({ embeds: [{ title: 'Earlier reply' }], components: [] }, undefined, p.channel_id as string);
    return p;
  }

  /** Send INTERACTION_CREATE to the connected bot. */
  sendInteraction(payload: Record<string, unknown> & { id: string; token: string }): SentInteraction {
    const ws = [...this.ready].at(-1);
    if (!ws) throw new Error('fake discord: no identified gateway client');
    const sent: SentInteraction = { id: payload.id, token: payload.token, payload, sentAt: 0 };
    this.interactions.set(payload.id, sent);
    sent.sentAt = performance.now();
    this.dispatch(ws, 'INTERACTION_CREATE', payload);
    return sent;
  }

  // -------------------------------------------------------------------------------------------------------
  // messages (MESSAGE_CREATE) and threads

  /** Create a public thread under a channel (THREAD_CREATE to the bot, as Discord does); returns its id. */
  createThread(parentId = this.channelId): string {
    const id = snowflake();
    this.threads.set(id, parentId);
    this.announceThread(id);
    return id;
  }

  /** Tell the bot about a thread again (a new connection learns active threads from the guild). */
  announceThread(id: string): void {
    const parentId = this.threads.get(id) ?? this.channelId;
    this.dispatchToBot('THREAD_CREATE', {
      id,
      guild_id: this.guildId,
      parent_id: parentId,
      owner_id: '281111111111111111',
      type: 11,
      name: 'a thread',
      last_message_id: null,
      rate_limit_per_user: 0,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      flags: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        archive_timestamp: new Date().toISOString(),
        locked: false,
      },
      newly_created: true,
    });
  }

  /**
   * A user's message (MESSAGE_CREATE). `guildId: null` is a DM with the bot; `mention` puts `<@bot>` in front and
   * the bot in `mentions` (Discord gives a bot without the Message Content intent the text of DMs and of
   * messages mentioning it only: `content` is blanked otherwise, as Discord does); `replyTo` makes it a reply to
   * that message of the bot's (which mentions the bot, as a reply does by default), or of another user's with
   * `replyToOther`.
   */
  userMessage(
    content: string,
    opts: {
      guildId?: string | null;
      channelId?: string;
      user?: Partial<FakeUser>;
      mention?: boolean;
      replyTo?: string;
      replyToOther?: boolean;
    } = {},
  ): Record<string, unknown> {
    const user = alice(opts.user);
    const guildId = opts.guildId === undefined ? this.guildId : opts.guildId;
    const channelId = opts.channelId ?? (guildId ? this.channelId : snowflake());
    const mentionsBot = Boolean(opts.mention || (opts.replyTo && !opts.replyToOther));
    const text = opts.mention ? `<@${this.botUser.id}> ${content}` : content;
    const msg: Record<string, unknown> = {
      id: snowflake(),
      channel_id: channelId,
      author: user,
      content: guildId && !mentionsBot ? '' : text,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: mentionsBot ? [this.botUser] : [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: opts.replyTo ? 19 : 0,
      flags: 0,
    };
    if (opts.replyTo) {
      msg.message_reference = { type: 0, message_id: opts.replyTo, channel_id: channelId, guild_id: guildId };
    }
    if (guildId) {
      msg.guild_id = guildId;
      msg.member = { roles: [], joined_at: '2024-01-01T00:00:00.000000+00:00', deaf: false, mute: false, flags: 0 };
    } else {
      msg.channel_type = 1;
    }
    this.dispatchToBot('MESSAGE_CREATE', msg);
    return msg;
  }

  private dispatchToBot(t: string, d: unknown): void {
    const ws = [...this.ready].at(-1);
    if (!ws) throw new Error('fake discord: no identified gateway client');
    this.dispatch(ws, t, d);
  }

  /** Close the gateway connections with `code` (e.g. 4000 to make the client resume). */
  dropGateway(code = 4000): void {
    for (const ws of this.sockets) ws.close(code, 'fake discord: dropped');
  }
}

/** The user who types in tests, with any fields overridden. */
function alice(over: Partial<FakeUser> = {}): FakeUser {
  return {
    id: '281111111111111111',
    username: 'alice',
    global_name: 'Alice',
    discriminator: '0',
    avatar: null,
    public_flags: 0,
    ...over,
  };
}

function matches(p: RegExp | string, path: string): boolean {
  return typeof p === 'string' ? path === p || path.startsWith(p) : p.test(path);
}

function httpMessage(status: number): string {
  return (
    {
      400: 'Invalid Form Body',
      401: '401: Unauthorized',
      403: 'Missing Permissions',
      404: 'Unknown Channel',
      500: 'Internal Server Error',
      502: 'Bad Gateway',
      503: 'Service Unavailable',
    }[status] ?? `HTTP ${status}`
  );
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
