import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { inflections, isOrdinaryWord, lemma, related, similarity, vector } from '../../src/core/nlp/lexical.js';

const ROOT = resolve(import.meta.dirname, '../..');
const PROBE = `
  const m = await import(process.argv[1]);
  console.log(JSON.stringify([m.lemma('won'), m.related('region').includes('area'), m.similarity('king', 'queen') > 0.5]));
`;
const runProbe = (modulePath: string) =>
  JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', PROBE, modulePath], {
      cwd: '/',
      encoding: 'utf8',
      env: { ...process.env, WHIP_LEXICAL_DIR: '' },
    }),
  );

describe('lemma', () => {
  it('maps irregular forms through the WordNet exception lists', () => {
    expect(lemma('lost')).toBe('lose');
    expect(lemma('won')).toBe('win');
    expect(lemma('geese')).toBe('goose');
    expect(lemma('better')).toBe('good');
    expect(lemma('said')).toBe('say');
  });
  it('detaches regular endings, keeping words that are lemmas in their own right', () => {
    expect(lemma('defeated')).toBe('defeat');
    expect(lemma('defeating')).toBe('defeat');
    expect(lemma('elections')).toBe('election');
    expect(lemma('parties')).toBe('party');
    expect(lemma('news')).toBe('news');
    expect(lemma('politics')).toBe('politics');
    expect(lemma('evening')).toBe('evening');
    expect(lemma('left')).toBe('left');
    expect(lemma('commons')).toBe('commons');
    expect(lemma('states')).toBe('state');
    expect(lemma('move')).toBe('move');
    expect(lemma('Won')).toBe('win');
  });
  it('applies the detachment rules to words it has never seen', () => {
    expect(lemma('defenestrating')).toBe('defenestrate');
    expect(lemma('reshuffles')).toBe('reshuffle');
    expect(lemma('zebulonqx')).toBe('zebulonqx');
  });
});

describe('related', () => {
  it('gives synonyms of the frequent senses and derivations, through the lemma', () => {
    expect(related('region')).toContain('area');
    expect(related('decide')).toContain('decision');
    expect(related('blame').length).toBeGreaterThan(0);
    expect(related('defeated')).toEqual(related('defeat'));
    expect(related('defeating').length).toBeGreaterThan(0);
    expect(related('zebulonqx')).toEqual([]);
    for (const w of related('campaign')) expect(w).toMatch(/^[a-z]+$/);
    expect(related('campaign').length).toBeLessThanOrEqual(8);
  });
});

describe('inflections', () => {
  it('joins irregular forms to their lemma both ways, which a stemmer cannot', () => {
    expect(inflections('lose')).toEqual(['lost']);
    expect(inflections('lost')).toEqual(['lose']);
    expect(inflections('ran')).toEqual(expect.arrayContaining(['run', 'running']));
    expect(inflections('Women')).toEqual(['woman']);
    // Its siblings too: "went" is "gone" is "go".
    expect(inflections('went')).toEqual(expect.arrayContaining(['go', 'gone']));
  });
  it('leaves out regular words and degrees of adjectives', () => {
    expect(inflections('election')).toEqual([]);
    expect(inflections('better')).toEqual([]);
    expect(inflections('good')).toEqual([]);
    expect(inflections('zebulonqx')).toEqual([]);
  });
});

describe('isOrdinaryWord', () => {
  it('knows English words and their inflections', () => {
    expect(isOrdinaryWord('move')).toBe(true);
    expect(isOrdinaryWord('moved')).toBe(true);
    expect(isOrdinaryWord('geese')).toBe(true);
    expect(isOrdinaryWord('zebulonqx')).toBe(false);
  });
});

describe('vectors', () => {
  it('ranks related words above unrelated ones', () => {
    expect(similarity('king', 'queen')).toBeGreaterThan(similarity('king', 'carrot'));
    expect(similarity('election', 'elections')).toBeGreaterThan(0.5);
    expect(similarity('king', 'king')).toBe(1);
    expect(similarity('king', 'zebulonqx')).toBe(0);
  });
  it('dequantises vectors and falls back to the lemma', () => {
    const v = vector('minister');
    expect(v).toBeInstanceOf(Float32Array);
    expect(v).toHaveLength(100);
    expect(vector('zebulonqx')).toBeUndefined();
  });
});

describe('loading the data from built code', () => {
  const dist = join(ROOT, 'dist/src/core/nlp/lexical.js');
  it.skipIf(!existsSync(dist))('works from the tsc output in dist/', () => {
    expect(runProbe(dist)).toEqual(['win', true, true]);
  });
  it('works from an esbuild bundle in dist/bundle/', async () => {
    const out = join(ROOT, 'dist/bundle/lexical-probe.js');
    try {
      await build({
        entryPoints: [join(ROOT, 'src/core/nlp/lexical.ts')],
        outfile: out,
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        logLevel: 'warning',
      });
      expect(runProbe(out)).toEqual(['win', true, true]);
    } finally {
      rmSync(out, { force: true });
    }
  });
});
