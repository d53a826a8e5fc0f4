/**
 * Versioned migrations, applied in name order by Kysely's Migrator. Append new ones; never edit a released one.
 */
import type { Migration } from 'kysely';
import * as m001 from './001_question_log.js';
import * as m002 from './002_articles.js';
import * as m003 from './003_digests.js';
import * as m004 from './004_feeds.js';
import * as m005 from './005_threads.js';
import * as m006 from './006_hardening.js';
import * as m007 from './007_feed_owner.js';
import * as m008 from './008_sentence_index.js';
import * as m009 from './009_slack_installations.js';
import * as m010 from './010_pg_search_and_pruning.js';
import * as m011 from './011_derived_knowledge.js';

export const migrations: Record<string, Migration> = {
  '001_question_log': m001,
  '002_articles': m002,
  '003_digests': m003,
  '004_feeds': m004,
  '005_threads': m005,
  '006_hardening': m006,
  '007_feed_owner': m007,
  '008_sentence_index': m008,
  '009_slack_installations': m009,
  '010_pg_search_and_pruning': m010,
  '011_derived_knowledge': m011,
};
