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
}

export interface ArticleAnalysisTable {
  article_id: string;
  content_hash: string;
  version: number;
  data: string;
}

export interface Database {
  questions: QuestionsTable;
  feedback: FeedbackTable;
  articles: ArticlesTable;
  article_analysis: ArticleAnalysisTable;
}
