/**
 * Follow-ups in a thread: small talk is not a question, pronouns and elliptical follow-ups read against the
 * thread's previous question (with the real KB's people), and threads live in the store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peopleFinder } from '../../src/adapters/conversation.js';
import { isSmallTalk, resolveFollowUp } from '../../src/core/commands/followUp.js';
import type { Services } from '../../src/core/services.js';
import { ThreadStore } from '../../src/store/threads.js';
import { realServices, removeTempDirs } from './helpers.js';

let services: Services;
beforeAll(async () => {
  services = await realServices();
}, 120_000);
afterAll(async () => {
  await services.db.destroy();
  removeTempDirs();
});

describe('small talk', () => {
  it.each(['thanks!', 'Thank you', 'hello', 'ok great, thanks', 'cheers whip', '👍', 'good morning'])('%j', (t) => {
    expect(isSmallTalk(t)).toBe(true);
  });
  it.each(['thanks, who is Clegg?', 'who is DPM?', 'hello?', 'what did he say about Clegg', 'Clegg'])('%j', (t) => {
    expect(isSmallTalk(t)).toBe(false);
  });
});

describe('resolveFollowUp with the real knowledge base', () => {
  it('a pronoun is the person asked about before', () => {
    const find = peopleFinder(services);
    expect(resolveFollowUp('who is Ed Miliband?', 'what did he say about Clegg?', find)).toMatch(
      /^what did Ed Miliband say about Clegg\?$/,
    );
    expect(resolveFollowUp('who is Nick Clegg?', 'what is his party?', find)).toBe("what is Nick Clegg's party?");
  });

  it('an elliptical follow-up takes the previous question about someone else', () => {
    const find = peopleFinder(services);
    expect(resolveFollowUp('who is Ed Miliband?', 'what about Nick Clegg?', find)).toMatch(/^who is Nick Clegg\?$/i);
  });

  it('a question that stands on its own, or has no previous question, is unchanged', () => {
    const find = peopleFinder(services);
    expect(resolveFollowUp('who is Ed Miliband?', 'who leads the Liberal Democrats?', find)).toBe(
      'who leads the Liberal Democrats?',
    );
    expect(resolveFollowUp(undefined, 'what did he say?', find)).toBe('what did he say?');
  });

  it('the answer to a resolved follow-up is about the person of the previous question', async () => {
    const q = resolveFollowUp('who is Nick Clegg?', 'what is his party?', peopleFinder(services));
    expect(q).toContain('Nick Clegg');
  });
});

describe('thread state in the store', () => {
  it('remembers the last question of a thread and survives a new store object (a restart)', async () => {
    const key = { platform: 'slack', channelId: 'C1', threadId: '1700000000.000100' };
    expect(await new ThreadStore(services.db).lastQuestion(key)).toBeUndefined();
    await new ThreadStore(services.db).remember(key, 'who is Ed Miliband?');
    await new ThreadStore(services.db).remember(key, 'what did Ed Miliband say about Clegg?');
    expect(await new ThreadStore(services.db).lastQuestion(key)).toBe('what did Ed Miliband say about Clegg?');
    expect(await new ThreadStore(services.db).lastQuestion({ ...key, threadId: 'other' })).toBeUndefined();
  });
});
