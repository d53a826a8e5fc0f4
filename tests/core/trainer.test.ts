import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedStoreDir, checkCacheStamp, codeDigest, trainingData } from '../../eval/lib.js';
import {
  averageTrees,
  foldsOf,
  THRESHOLD_MIN_ANSWERS,
  type TrainItem,
  thresholdFor,
  train,
} from '../../eval/trainer.js';
import type { Inspection } from '../../src/core/answer/engine.js';
import { Features, MODELS, sigmoid } from '../../src/core/answer/model/linear.js';
import { type BoostedTrees, scoreTrees } from '../../src/core/answer/model/trees.js';

const saved = { reader: MODELS.reader, verifier: MODELS.verifier };
afterEach(() => {
  MODELS.reader = saved.reader;
  MODELS.verifier = saved.verifier;
});

describe('cross-fitting the verifier (eval/trainer.ts)', () => {
  it('keeps every group in one fold, deals groups round-robin, and is deterministic', () => {
    const items = ['a', 'a', 'b', 'c', 'b', 'd', 'e', 'f', 'a'].map((group) => ({ group }) as TrainItem);
    const folds = foldsOf(items, 3);
    expect(folds).toEqual([0, 0, 1, 2, 1, 0, 1, 2, 0]);
    expect(foldsOf(items, 3)).toEqual(folds);
  });

  it('deals the groups another way for another deal, still one fold per group and balanced', () => {
    const items = Array.from({ length: 40 }, (_, i) => ({ group: `g${i % 10}` }) as TrainItem);
    const d0 = foldsOf(items, 5);
    const d1 = foldsOf(items, 5, 1);
    expect(d1).not.toEqual(d0);
    expect(foldsOf(items, 5, 1)).toEqual(d1);
    for (const folds of [d0, d1]) {
      const byGroup = new Map<string, Set<number>>();
      items.forEach((it, i) => {
        byGroup.set(it.group, (byGroup.get(it.group) ?? new Set()).add(folds[i] as number));
      });
      expect([...byGroup.values()].every((s) => s.size === 1)).toBe(true);
      // Ten groups over five folds: two groups each.
      expect([0, 1, 2, 3, 4].map((f) => folds.filter((x) => x === f).length)).toEqual([8, 8, 8, 8, 8]);
    }
  });

  it('averages boosted models in log-odds (several deals make one verifier)', () => {
    const leaf = (v: number) => ({ v });
    const a = { base: 1, rate: 0.1, trees: [{ f: 'x', t: 0.5, l: leaf(2), r: leaf(4) }] };
    const b = { base: -1, rate: 0.1, trees: [leaf(6)] };
    const avg = averageTrees([a, b]);
    expect(avg.base).toBe(0);
    expect(avg.rate).toBeCloseTo(0.05, 12);
    expect(avg.trees).toHaveLength(2);
    expect(() => averageTrees([a, { ...b, rate: 0.2 }])).toThrow(/rates/);
  });

  it('several deals: the verifier averages one boosted model per deal (TRAIN_FOLD_DEALS)', () => {
    // Twelve groups of questions; the reader's best span is right for two groups in three, which a verifier
    // feature tells apart, so each deal's boosted model has something to learn.
    const items: TrainItem[] = Array.from({ length: 12 * 10 }, (_, n) => {
      const group = `g${n % 12}`;
      const good = n % 12 < 8;
      const best = { text: good ? 'right' : 'wrong', features: new Features().set('shared', 1) };
      return {
        group,
        answerable: true,
        weight: 1,
        readerWeight: 1,
        right: (a: string) => a === 'right',
        inspect: () => {
          const reading = { spans: [{ ...best, prob: 1, logit: 0 }], best, margin: 0 };
          const verdict = { probability: 0.5, answer: true, features: new Features().set('good', good ? 1 : 0) };
          return { reading, verdict } as unknown as Inspection;
        },
      };
    });
    const one = train(items, { folds: 3, precisionTarget: 0.7 }).verifier;
    const three = train(items, { folds: 3, deals: [0, 1, 2], precisionTarget: 0.7 }).verifier;
    expect(one.trees && three.trees).toBeTruthy();
    if (!one.trees || !three.trees) return;
    expect(three.trees.trees).toHaveLength(3 * one.trees.trees.length);
    expect(three.trees.rate).toBeCloseTo(one.trees.rate / 3, 12);
    // The averaged verifier still separates the two kinds of answer, and its threshold lies between them.
    const p = (good: number) => sigmoid(scoreTrees(three.trees as BoostedTrees, new Features().set('good', good)));
    expect(p(1)).toBeGreaterThan(three.threshold);
    expect(p(0)).toBeLessThan(three.threshold);
  });

  it('chooses the probability down to which the answers given are right often enough (weighted)', () => {
    const probs = [
      { p: 0.9, y: 1, w: 1 },
      { p: 0.8, y: 1, w: 1 },
      { p: 0.7, y: 0, w: 1 },
      { p: 0.6, y: 1, w: 1 },
      { p: 0.5, y: 0, w: 3 },
    ];
    // Down to 0.6: 3 right of 4 (75%); with 0.5: 3 of 7.
    expect(thresholdFor(probs, 0.75)).toBe(0.6);
    expect(thresholdFor(probs, 0.9)).toBe(0.8);
    expect(thresholdFor(probs, 0.2)).toBe(0.5);
  });

  it('stops at the first fall below the target after enough answers: a later recovery does not lower it', () => {
    const span = (n: number, from: number, to: number, y: number) =>
      Array.from({ length: n }, (_, i) => ({ p: from - ((from - to) * i) / n, y, w: 1 }));
    // 60 right answers, then 100 wrong ones (precision falls to 60/160), then 300 right ones (back to 360/460).
    const probs = [...span(60, 0.95, 0.7, 1), ...span(100, 0.6, 0.5, 0), ...span(300, 0.4, 0.1, 1)];
    // 60 right of 85 is the last at or above 70%; the lowest crossing (360 of 460) would answer down to 0.1.
    expect(THRESHOLD_MIN_ANSWERS).toBeLessThan(86);
    expect(thresholdFor(probs, 0.7)).toBe(probs[84]?.p);
  });

  it("reads each question's verifier example with a reader fitted without its fold, and ships the full reader", () => {
    // Each group's right span carries a feature only that group has: a reader fitted on the group learns a
    // weight for it, one fitted without the group cannot.
    const groups = ['g0', 'g1', 'g2', 'g3', 'g4', 'g5'];
    const seenDuringVerifierPass: { group: string; knows: boolean }[] = [];
    const items: TrainItem[] = groups.flatMap((group) =>
      [0, 1, 2].map((n) => {
        const spans = [
          { text: `right ${group}`, features: new Features().set(`own.${group}`, 1).set('shared', 1) },
          { text: 'wrong', features: new Features().set('shared', 1).set('decoy', n) },
        ];
        return {
          group,
          answerable: true,
          weight: 1,
          readerWeight: 1,
          right: (a: string) => a === `right ${group}`,
          inspect: () => {
            const knows = MODELS.reader.weights[`own.${group}`] !== undefined;
            seenDuringVerifierPass.push({ group, knows });
            const best = spans[0] as { text: string; features: Features };
            const reading = { spans: spans.map((s) => ({ ...s, prob: 0.5, logit: 0 })), best, margin: 0 };
            const verdict = { probability: 0.5, answer: true, features: new Features().set('r.knows', knows ? 1 : 0) };
            return { reading, verdict } as unknown as Inspection;
          },
        };
      }),
    );
    const trained = train(items, { folds: 3, precisionTarget: 0.7 });
    // The first pass (the reader's examples) runs under the models of the moment; the verifier pass comes after,
    // one call per item, each under its fold's reader.
    const verifierPass = seenDuringVerifierPass.slice(items.length);
    expect(verifierPass).toHaveLength(items.length);
    expect(verifierPass.every((x) => !x.knows)).toBe(true);
    for (const g of groups) expect(trained.reader.weights[`own.${g}`]).toBeGreaterThan(0);
    expect(MODELS.reader).toBe(trained.reader);
    expect(trained.verifier.trees?.trees.length).toBeGreaterThan(0);
  });

  it('with one fold, the verifier reads with the full reader (the in-sample way, kept for comparison)', () => {
    const seen: boolean[] = [];
    const items: TrainItem[] = ['a', 'b'].flatMap((group) =>
      [0, 1].map(() => ({
        group,
        answerable: true,
        weight: 1,
        readerWeight: 1,
        right: (a: string) => a === group,
        inspect: () => {
          seen.push(MODELS.reader.weights[`own.${group}`] !== undefined);
          const spans = [
            { text: group, features: new Features().set(`own.${group}`, 1) },
            { text: 'x', features: new Features().set('shared', 1) },
          ];
          return {
            reading: { spans, best: spans[0], margin: 0 },
            verdict: { probability: 0.5, answer: true, features: new Features().set('r.any', 1) },
          } as unknown as Inspection;
        },
      })),
    );
    train(items, { folds: 1, precisionTarget: 0.7, verifierModel: 'linear' });
    expect(seen.slice(4).every(Boolean)).toBe(true);
  });
});

describe('the evaluation cache (EVAL_CACHE)', () => {
  it('keeps one store per name and article list, so one name over two lists never shares a store', () => {
    const a = cachedStoreDir('/tmp/cache', 'news', ['tests/data/other/articles']);
    expect(cachedStoreDir('/tmp/cache', 'news', ['tests/data/other/articles'])).toBe(a);
    expect(
      cachedStoreDir('/tmp/cache', 'news', ['tests/data/other/articles', 'tests/data/news-dev/articles']),
    ).not.toBe(a);
    expect(cachedStoreDir('/tmp/cache', 'other', ['tests/data/other/articles'])).not.toBe(a);
    expect(a.startsWith('/tmp/cache/news-')).toBe(true);
  });
  it('a reader-only item trains the reader but gives the verifier no example (TRAIN_EXTRA_VERIFIER=0)', () => {
    const verifierReads: string[] = [];
    let pass = 0;
    const items: TrainItem[] = ['a', 'b', 'c', 'd'].flatMap((group) =>
      [0, 1].map((n) => ({
        group,
        answerable: true,
        weight: 1,
        readerWeight: 1,
        readerOnly: group === 'd',
        right: (a: string) => a === group,
        inspect: () => {
          // The first len(items) calls collect the reader's examples; later ones are the verifier's.
          if (pass++ >= 8) verifierReads.push(group);
          const spans = [
            { text: group, features: new Features().set(`own.${group}`, 1) },
            { text: 'x', features: new Features().set('shared', 1).set('n', n) },
          ];
          return {
            reading: { spans, best: spans[0], margin: 0 },
            verdict: { probability: 0.5, answer: true, features: new Features().set('r.any', 1) },
          } as unknown as Inspection;
        },
      })),
    );
    const trained = train(items, { folds: 1, precisionTarget: 0.7, verifierModel: 'linear' });
    expect(trained.reader.weights['own.d']).toBeGreaterThan(0);
    expect(verifierReads.length).toBe(6);
    expect(verifierReads).not.toContain('d');
  });

  it('refuses an extra training set it does not know, before building any store', async () => {
    await expect(trainingData(['news-train9'])).rejects.toThrow(/unknown extra training set\(s\): news-train9/);
  });

  it("stamps a new cached store with the code's digest and warns when a reused one was built by other code", () => {
    const root = mkdtempSync(join(tmpdir(), 'whip-stamp-'));
    try {
      mkdirSync(join(root, 'src', 'core'), { recursive: true });
      writeFileSync(join(root, 'src', 'core', 'a.ts'), 'export const a = 1;\n');
      const before = codeDigest(root);
      expect(codeDigest(root)).toBe(before);
      writeFileSync(join(root, 'src', 'core', 'a.ts'), 'export const a = 2;\n');
      expect(codeDigest(root)).not.toBe(before);

      const store = join(root, 'store');
      mkdirSync(store);
      const warnings: string[] = [];
      checkCacheStamp(store, true, (m) => warnings.push(m));
      checkCacheStamp(store, false, (m) => warnings.push(m));
      expect(warnings).toEqual([]);
      writeFileSync(join(store, 'whip-eval-code.txt'), 'someothercode\n');
      checkCacheStamp(store, false, (m) => warnings.push(m));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/built by other code \(someothercode, now /);
      const old = join(root, 'old');
      mkdirSync(old);
      checkCacheStamp(old, false, (m) => warnings.push(m));
      expect(warnings[1]).toMatch(/no code stamp/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
