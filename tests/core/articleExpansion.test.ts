/**
 * Retrieval reads the question's best article further (Search.expandArticle): a sentence sharing only a common
 * word with the question ("a private chat of 23 Labour MPs" for "How many MPs were in the Signal chat?") is
 * outranked by every shorter sentence elsewhere holding that word, though its article is the one about the
 * question. The article holding most of the question's words anywhere lends its best sentences to the candidates.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServices } from '../../src/bootstrap.js';
import type { Services } from '../../src/core/services.js';
import { ROOT, removeTempDirs, servicesWithArticles, tempDir } from './helpers.js';

/**
 * Short sentences naming MPs and a chat (not "Signal"): more than the retriever's candidates per lane, and enough
 * to make "MPs" and "chat" too common to retrieve by (over 50 sentences), as they are in a real news KB.
 */
const DISTRACTORS = 60;
let services: Services;

beforeAll(async () => {
  const wards = Array.from({ length: DISTRACTORS }, (_, i) => `MPs for ward ${i + 1} kept a chat about bins.`);
  const distractor = join(tempDir('whip-expansion-files-'), 'ward-chats.txt');
  writeFileSync(distractor, `Ward councillors and their chats\n\n${wards.join(' ')}\n`);
  services = await servicesWithArticles(
    [join(ROOT, 'tests/fixtures/expansion/signal-leak.txt'), distractor],
    'whip-expansion-',
  );
}, 120_000);
afterAll(async () => {
  await closeServices(services);
  removeTempDirs();
});

describe("the question's best article, read further", () => {
  it('brings a sentence sharing only a common word with the question into the reader’s passages', () => {
    const passages = services.engine.passagesFor('How many MPs were in the Signal chat?', 5);
    const texts = passages.map((p) => p.sentence.text);
    expect(texts.some((t) => t.includes('private chat of 23 Labour MPs'))).toBe(true);
  });

  it('adds nothing from an article that holds fewer of the question’s words', () => {
    const passages = services.engine.passagesFor('Which ward kept a chat about bins?', 5);
    expect(passages.length).toBeGreaterThan(0);
    for (const p of passages) expect(p.sentence.text).not.toMatch(/Signal|Quennell|Labour MPs/);
  });
});
