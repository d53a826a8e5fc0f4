/**
 * Table types of the store (Kysely). Each feature adds its tables here and a migration in ./migrations.
 * Keep column types portable to PostgreSQL: text, integer, real; times as ISO-8601 text (UTC).
 */
import type { Generated } from 'kysely';

export interface QuestionsTable {
  id: Generated<number>;
  asked_at: string;
  platform: string;
  channel_id: string | null;
  /** Only stored when WHIP_LOG_USER_NAMES is enabled. */
  user_id: string | null;
  question: string;
  /** Normalised form, used to group the same question asked differently. */
  normalised: string;
  status: string;
  confidence: number;
  answer: string | null;
}

export interface FeedbackTable {
  id: Generated<number>;
  question_id: number;
  /** +1 or -1 */
  vote: number;
  platform: string;
  /** Opaque hash of the voter, so one person has one vote per question. */
  voter: string;
  created_at: string;
}

export interface ArticlesTable {
  id: string;
  /** 'bundled' (kb/) or 'ingested' */
  origin: string;
  title: string;
  publication: string | null;
  publication_confirmed: number;
  /** YYYY, YYYY-MM or YYYY-MM-DD */
  published: string;
  published_precision: string;
  published_inferred: number;
  published_note: string | null;
  author: string | null;
  url: string | null;
  body: string;
  parts_json: string;
  content_hash: string;
  added_at: string;
  updated_at: string;
  /** The path or URL an ingested article was first ingested from (migration 006); null for older rows. */
  source?: string | null;
}

export interface ArticleAnalysisTable {
  article_id: string;
  content_hash: string;
  version: number;
  data: string;
}

export interface FeedsTable {
  id: Generated<number>;
  url: string;
  title: string | null;
  etag: string | null;
  last_modified: string | null;
  /** 'ok' | 'failing' */
  status: string;
  failure_reason: string | null;
  consecutive_failures: number;
  next_poll_at: string;
  last_polled_at: string | null;
  last_success_at: string | null;
  /** 1 once the feed's existing items have been recorded (silently, without ingesting them). */
  seeded: number;
  added_at: string;
  /** The tenant that follows the feed: `discord:<guild id>`, `slack:<team id>` or `local` (CLI, console). */
  owner: string | null;
}

export interface FeedItemsTable {
  id: Generated<number>;
  feed_id: number;
  /** The item's GUID (RSS guid / Atom id), else its link: the deduplication key within a feed. */
  guid_or_url: string;
  title: string | null;
  url: string | null;
  /** 'seeded' | 'ingested' | 'failed' */
  status: string;
  article_id: string | null;
  attempts: number;
  error: string | null;
  seen_at: string;
  updated_at: string;
}

export interface DigestSubscriptionsTable {
  id: Generated<number>;
  /** 'discord' | 'slack' | 'console' */
  platform: string;
  /** Discord guild or Slack team; null for DMs and the console. */
  workspace_id: string | null;
  channel_id: string;
  /** As the user gave it, normalised: `daily 08:00` or a cron expression. */
  schedule: string;
  /** The 5-field cron expression croner evaluates. */
  cron: string;
  /** IANA time zone. */
  timezone: string;
  /** 'skip' | 'note' */
  when_empty: string;
  /** 'active' | 'paused' | 'disabled' */
  status: string;
  disabled_reason: string | null;
  /** ISO-8601 UTC of the next slot; null while paused/disabled. */
  next_run_at: string | null;
  /** End of the window the channel's last delivered digest covered (ISO-8601 UTC). */
  last_digest_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface DigestDeliveriesTable {
  id: Generated<number>;
  subscription_id: number;
  /** ISO-8601 UTC of the scheduled run (`manual:<ISO>` for `digest now`). Unique with subscription_id. */
  slot: string;
  /** 'pending' | 'sent' | 'failed' | 'skipped' */
  state: string;
  attempts: Generated<number>;
  /** Process that claimed the row (random per process). */
  owner: string | null;
  lease_until: string | null;
  /** Set just before a post is sent; cleared after a temporary failure. Non-null after a crash = outcome unknown. */
  attempt_started_at: string | null;
  next_attempt_at: string | null;
  window_since: string | null;
  window_until: string | null;
  /** Platform message id once sent. */
  message_id: string | null;
  /** Why it failed or was skipped (or the last temporary error while pending). */
  reason: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** A thread Whip answered in, with the last question asked there (follow-ups resolve against it). */
export interface ThreadsTable {
  platform: string;
  channel_id: string;
  thread_id: string;
  last_question: string;
  updated_at: string;
}

/** One analysed sentence in the retrieval index (migration 008): space-separated words and content stems. */
export interface KbSentencesTable {
  id: Generated<number>;
  article_id: string;
  /** Index of the sentence in its article's analysis. */
  sentence: number;
  words: string;
  stems: string;
  /** Distinct words in the sentence, stop words included (its length for BM25, as MiniSearch counts it). */
  length: number;
}

/** The knowledge base's change counter (one row, id 1): bumped by every change to articles or their index. */
export interface KbVersionTable {
  id: number;
  version: number;
  /** Rows in kb_sentences, and the sum of their lengths (BM25's document count and average length). */
  sentences: number;
  length_total: number;
}

/** A Slack OAuth installation (migration 009): identity in the clear, the installation itself sealed. */
export interface SlackInstallationsTable {
  /** `team:<team id>`, or `enterprise:<enterprise id>` for an org-wide install. */
  install_key: string;
  team_id: string | null;
  enterprise_id: string | null;
  is_enterprise_install: number;
  bot_user_id: string | null;
  /** The installation as JSON, sealed with WHIP_SECRET_KEY (src/store/secretBox.ts). */
  sealed: string;
  installed_at: string;
  updated_at: string;
}

export interface Database {
  questions: QuestionsTable;
  feedback: FeedbackTable;
  articles: ArticlesTable;
  article_analysis: ArticleAnalysisTable;
  feeds: FeedsTable;
  feed_items: FeedItemsTable;
  digest_subscriptions: DigestSubscriptionsTable;
  digest_deliveries: DigestDeliveriesTable;
  threads: ThreadsTable;
  kb_sentences: KbSentencesTable;
  kb_version: KbVersionTable;
  slack_installations: SlackInstallationsTable;
}
