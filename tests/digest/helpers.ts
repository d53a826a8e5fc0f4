/**
 * Helpers for the digest tests: a fake clock (virtual time: sleeping advances it), fake ChannelPosters with
 * scripted failures, services on a temp SQLite file, articles with chosen `added_at`, and a tiny hand-built
 * Knowledge for composition tests. No network, no wall-clock assertions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commands } from '../../commands/index.js';
import { parseConfig } from '../../src/config.js';
import { type ArticleInfo, type Knowledge, type QuoteInfo, quoteBookOf } from '../../src/core/answer/knowledge.js';
import type { Caller, CommandContext, Platform } from '../../src/core/commands/spec.js';
import { type ChannelPoster, DeliveryError, type PostOptions, type PostResult } from '../../src/core/delivery.js';
import type { Claim } from '../../src/core/kb/schema.js';
import type { Reply } from '../../src/core/reply.js';
import type { Services } from '../../src/core/services.js';
import type { Clock } from '../../src/digest/clock.js';
import { createDigestScheduler } from '../../src/digest/runtime.js';
import type { DigestScheduler, SchedulerOptions } from '../../src/digest/scheduler.js';
import { createLogger } from '../../src/log.js';
import { type Db, openDatabase, storeFile } from '../../src/store/db.js';
import { QuestionLog } from '../../src/store/questionLog.js';
import { stubEngine } from '../fakes/stubServices.js';

/**
 * Virtual time. `sleep(ms)` registers a timer; whenever the process is otherwise idle (a macrotask turn), the
 * clock jumps to the earliest timer and fires it — so retries, backoff and pacing take no real time, and the
 * order of events is what it would be on a real clock.
 */
export class FakeClock implements Clock {
  private timers: { at: number; seq: number; resolve: () => void }[] = [];
  private seq = 0;
  private kicked = false;

  constructor(public t: number) {}

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((t) => t !== timer);
          resolve();
        },
        { once: true },
      );
      this.kick();
    });
  }

  private kick(): void {
    if (this.kicked) return;
    this.kicked = true;
    setImmediate(() => {
      this.kicked = false;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (!next) return;
      this.t = Math.max(this.t, next.at);
      next.resolve();
      if (this.timers.length) this.kick();
    });
  }

  set(iso: string | number): void {
    this.t = typeof iso === 'number' ? iso : Date.parse(iso);
  }

  advance(ms: number): void {
    this.t += ms;
  }
}

export interface RecordedPost {
  channelId: string;
  reply: Reply;
  at: number;
  key?: string;
  messageId: string;
}

type Script = (channelId: string, n: number) => DeliveryError | undefined;

/** A ChannelPoster that records posts; `script` may make the n-th call (per channel) fail. */
export class FakePoster implements ChannelPoster {
  readonly posts: RecordedPost[] = [];
  readonly calls: { channelId: string; at: number; key?: string }[] = [];
  private readonly perChannel = new Map<string, number>();
  script?: Script;
  /** Simulate a platform that can confirm by idempotency key. */
  confirms = false;
  private seq = 0;

  constructor(
    readonly platform: 'discord' | 'slack' | 'console',
    private readonly clock: Clock,
  ) {}

  async post(channelId: string, reply: Reply, opts?: PostOptions): Promise<PostResult> {
    const n = (this.perChannel.get(channelId) ?? 0) + 1;
    this.perChannel.set(channelId, n);
    this.calls.push({ channelId, at: this.clock.now(), key: opts?.idempotencyKey });
    const err = this.script?.(channelId, n);
    if (err) throw err;
    const messageId = `m${++this.seq}`;
    this.posts.push({ channelId, reply, at: this.clock.now(), key: opts?.idempotencyKey, messageId });
    return { messageId };
  }

  get confirm(): ChannelPoster['confirm'] {
    if (!this.confirms) return undefined;
    return async (channelId: string, key: string) => {
      const p = this.posts.find((x) => x.channelId === channelId && x.key === key);
      return p ? { messageId: p.messageId } : null;
    };
  }

  postsTo(channelId: string): RecordedPost[] {
    return this.posts.filter((p) => p.channelId === channelId);
  }
}

export interface TestEnv {
  services: Services;
  db: Db;
  dir: string;
  clock: FakeClock;
  poster: FakePoster;
  scheduler(overrides?: Partial<SchedulerOptions>): DigestScheduler;
  ctx(opts?: {
    platform?: Platform;
    channelId?: string;
    workspaceId?: string;
    caller?: Partial<Caller>;
  }): CommandContext;
  reopen(): Promise<void>;
  cleanup(): Promise<void>;
}

/** Services on a temp SQLite file (or the given store location), a stub engine (optionally with `k`), a fake clock and a fake Discord poster. */
export async function testEnv(
  opts: {
    env?: Record<string, string>;
    start?: string;
    k?: Knowledge;
    dir?: string;
    /** The store: a postgres:// URL (tests/support/backends.ts); default the SQLite file under `dir`. */
    location?: string;
  } = {},
): Promise<TestEnv> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'whip-digest-'));
  const location = opts.location ?? storeFile(dir);
  const config = parseConfig({ WHIP_DATA_DIR: dir, LOG_LEVEL: 'silent', ...opts.env });
  let db = await openDatabase(location);
  const clock = new FakeClock(Date.parse(opts.start ?? '2026-01-05T07:00:00Z'));
  const poster = new FakePoster('discord', clock);
  const engine = Object.assign(stubEngine(), opts.k ? { k: opts.k } : {});
  const services: Services = {
    config,
    log: createLogger('silent'),
    db,
    questions: new QuestionLog(db),
    engine: engine as Services['engine'],
    commands,
    posters: { discord: poster },
    digests: { clock, options: { jitterMs: 0 } },
  };
  const env: TestEnv = {
    services,
    db,
    dir,
    clock,
    poster,
    scheduler: (overrides = {}) => createDigestScheduler(services, { jitterMs: 0, ...overrides }),
    ctx: (o = {}) => ({
      platform: o.platform ?? 'discord',
      services,
      caller: { id: 'u-admin', isAdmin: false, canManageChannel: true, ...o.caller },
      channelId: o.channelId ?? '111111111111111111',
      workspaceId: o.workspaceId ?? '999999999999999999',
    }),
    async reopen() {
      await db.destroy();
      db = await openDatabase(location);
      services.db = db;
      services.questions = new QuestionLog(db);
      env.db = db;
    },
    async cleanup() {
      await db.destroy().catch(() => undefined);
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return env;
}

export async function addArticle(
  db: Db,
  id: string,
  addedAt: string,
  extra: Partial<{ title: string; publication: string }> = {},
) {
  await db
    .insertInto('articles')
    .values({
      id,
      origin: 'ingested',
      title: extra.title ?? `Article ${id}`,
      publication: extra.publication ?? 'The Test Gazette',
      publication_confirmed: 1,
      published: '2026-01-02',
      published_precision: 'day',
      published_inferred: 0,
      published_note: null,
      author: null,
      url: null,
      body: 'body',
      parts_json: '{}',
      content_hash: id,
      added_at: addedAt,
      updated_at: addedAt,
    })
    .execute();
}

function articleInfo(id: string, addedAt: string): ArticleInfo {
  return {
    id,
    title: `Article ${id}`,
    publication: 'The Test Gazette',
    publicationConfirmed: true,
    published: '2026-01-02',
    precision: 'day',
    inferred: false,
    url: null,
    author: null,
    origin: 'ingested',
    addedAt,
    text: '',
    analysis: {} as ArticleInfo['analysis'],
  };
}

export function claim(id: string, article: string, extra: Partial<Claim> = {}): Claim {
  return {
    id,
    kind: 'plan',
    subject: 'ed-miliband',
    modality: 'would',
    statement: `Statement ${id}`,
    answer: 'x',
    attribution: { kind: 'anonymous', description: 'senior Labour figures' },
    evidence: [{ article, quote: `evidence quote for ${id}` }],
    topics: [],
    ...extra,
  };
}

export function quote(id: string, article: string, extra: Partial<QuoteInfo> = {}): QuoteInfo {
  return {
    id,
    article,
    text: `Quoted words ${id}`,
    speaker: { kind: 'named', description: 'Ed Miliband' },
    about: [],
    curated: true,
    ...extra,
  };
}

/** Just enough of the engine's Knowledge for composing digests. */
export function fakeKnowledge(
  articles: { id: string; addedAt: string }[],
  claims: Claim[] = [],
  quotes: QuoteInfo[] = [],
): Knowledge {
  const infos = articles.map((a) => articleInfo(a.id, a.addedAt));
  const book = quoteBookOf(quotes, () => ({ tokens: [], mentions: [], stems: new Set() }));
  return {
    articles: infos,
    articleById: new Map(infos.map((a) => [a.id, a])),
    claims,
    quotes: book,
  } as unknown as Knowledge;
}

export function fieldsText(reply: Reply): string {
  return [reply.title, reply.text, ...(reply.fields ?? []).map((f) => `${f.name}: ${f.value}`)].join('\n');
}

export const permanent = (reason: string) => new DeliveryError(reason, true);
export const temporary = (reason: string, retryAfterMs?: number) => new DeliveryError(reason, false, retryAfterMs);
