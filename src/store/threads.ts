/** Threads Whip answered in, kept in the store so follow-ups work across restarts. */
import type { Db } from './db.js';

export interface ThreadKey {
  platform: string;
  channelId: string;
  threadId: string;
}

export class ThreadStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Record (or update) the last question asked in a thread Whip answers in. */
  async remember(key: ThreadKey, question: string): Promise<void> {
    const row = {
      platform: key.platform,
      channel_id: key.channelId,
      thread_id: key.threadId,
      last_question: question.slice(0, 2000),
      updated_at: this.now().toISOString(),
    };
    await this.db
      .insertInto('threads')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['platform', 'channel_id', 'thread_id'])
          .doUpdateSet({ last_question: row.last_question, updated_at: row.updated_at }),
      )
      .execute();
  }

  /** The last question of a thread Whip answered in, or undefined for a thread that is not Whip's. */
  async lastQuestion(key: ThreadKey): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('threads')
      .select('last_question')
      .where('platform', '=', key.platform)
      .where('channel_id', '=', key.channelId)
      .where('thread_id', '=', key.threadId)
      .executeTakeFirst();
    return row?.last_question;
  }
}
