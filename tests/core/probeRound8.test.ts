/**
 * Session 22, probe round 8 (tests/fixtures/probes/round8, scored once before it was read, development material
 * since): what it found wrong, fixed. Each article is asked in a knowledge base of its own with the seed.
 */
import { describe, expect, it } from 'vitest';
import { fixtureServicesForFile, isVerbatim } from './helpers.js';

const childcare = fixtureServicesForFile('tests/fixtures/probes/round8/h1.txt', 'whip-r8-childcare-');

describe('a curated role claim is true as of its article, not for ever', () => {
  it.each([
    ['who is the labour leader', 'Rebecca Hartley', 'Ed Miliband'],
    ['who leads labour', 'Rebecca Hartley', 'Ed Miliband'],
    ['who is the leader of the conservatives', 'Malcolm Fenwick', 'David Cameron'],
  ])('%s: the newer article’s holder, the claim’s shown as earlier', (q, now, before) => {
    const r = childcare.engine().ask(q);
    expect(r.status).toBe('answered');
    expect(r.answer).toBe(now);
    expect(r.asOf).toBe('2 December 2026');
    expect(r.text).toContain(`earlier, ${before} (as of April 2014`);
    expect(r.citations.some((c) => isVerbatim(c.quote, childcare.text()))).toBe(true);
    expect(r.citations.some((c) => c.asOf?.startsWith('April 2014'))).toBe(true);
  });

  it('a party no newer article gives a leader keeps the claim’s holder, as of its date', () => {
    const r = childcare.engine().ask('who leads the lib dems');
    expect(r.answer).toBe('Nick Clegg');
    expect(r.asOf).toMatch(/2014/);
  });

  it('under a scenario the claim answers: an article’s today says nothing about what would be', () => {
    const r = childcare.engine().ask('who would be DPM under Lib-Lab?');
    expect(r.answer).toBe('Nick Clegg');
  });
});
