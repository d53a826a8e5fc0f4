/**
 * Conversations on every chat platform (Slack threads, Discord threads, replies and DMs): one rule for which
 * messages are questions, how a follow-up reads against the conversation's previous question, and what the
 * conversation remembers afterwards. State lives in the store (ThreadStore), so follow-ups survive a restart.
 */
import type { Knowledge } from '../core/answer/knowledge.js';
import { type FindPeople, isSmallTalk, resolveFollowUp } from '../core/commands/followUp.js';
import type { ParsedLine } from '../core/commands/parseText.js';
import type { Services } from '../core/services.js';
import { type ThreadKey, ThreadStore } from '../store/threads.js';

/** People named in a text, by the current knowledge base (for follow-up pronouns). */
export function peopleFinder(services: Services): FindPeople {
  const k = (services.engine as { k?: Knowledge }).k;
  if (!k) return () => [];
  return (text) =>
    k.matcher
      .find(text)
      .filter((m) => k.entities.get(m.id)?.type === 'person')
      .map((m) => ({ text: m.text, name: k.entities.get(m.id)?.name ?? m.text }));
}

export class Conversations {
  private readonly threads: ThreadStore;

  constructor(
    private readonly services: Services,
    readonly platform: string,
  ) {
    this.threads = new ThreadStore(services.db);
  }

  key(channelId: string, threadId: string): ThreadKey {
    return { platform: this.platform, channelId, threadId };
  }

  /** The conversation's previous question, or undefined when Whip has not answered in it. */
  previous(key: ThreadKey): Promise<string | undefined> {
    return this.threads.lastQuestion(key);
  }

  /**
   * The question a message asks, read against the previous one; undefined for small talk ("thanks!", "hello"),
   * which is neither answered nor logged (so it never shows in `kb gaps`). Where `alwaysConversation` is set
   * (a direct message), small talk is ignored even without a previous question.
   */
  question(said: string, previous: string | undefined, alwaysConversation = false): string | undefined {
    if ((previous !== undefined || alwaysConversation) && isSmallTalk(said)) return undefined;
    return resolveFollowUp(previous, said, peopleFinder(this.services));
  }

  /** After a turn: an `ask` becomes the conversation's question; other commands leave the previous one. */
  async remember(key: ThreadKey, inv: ParsedLine, question: string, previous: string | undefined): Promise<void> {
    const asked = inv.command === 'ask' ? String(inv.args.question ?? question) : (previous ?? question);
    await this.threads.remember(key, asked);
  }
}
