/**
 * Session 22, probe round 9 (tests/fixtures/probes/round9, scored once before it was read, development material
 * since): what it found wrong, fixed. Each article is asked in a knowledge base of its own with the seed.
 */
import { describe, expect, it } from 'vitest';
import { claimantOf } from '../../src/core/answer/rebuttal.js';
import { fixtureServicesForFile, isVerbatim } from './helpers.js';

const speed = fixtureServicesForFile('tests/fixtures/probes/round9/j1.txt', 'whip-r9-speed-');
const tories = fixtureServicesForFile('tests/fixtures/probes/round9/j2.txt', 'whip-r9-tories-');
const asylum = fixtureServicesForFile('tests/fixtures/probes/round9/j3.txt', 'whip-r9-asylum-');

describe('disputes round 9 found', () => {
  it('a claimant past an apposition ("The Refugee Accommodation Network, a coalition of charities, said")', () => {
    const s =
      'The Refugee Accommodation Network, a coalition of charities, said its analysis put the true figure at £131.';
    expect(claimantOf({ text: s })).toBe('the refugee accommodation network');
    const r = asylum.engine().ask('how much per person per night will the new hotels cost');
    expect(r).toMatchObject({ status: 'contested', answer: 'Contested: £89 or £131' });
    for (const side of r.sides ?? [])
      for (const c of side.citations) expect(isVerbatim(c.quote, asylum.text())).toBe(true);
  });

  it('a rebuttal that states no count disputes no count: "How many bids …?" is answered', () => {
    const r = asylum.engine().ask('How many bids did the Home Office receive for the contract?');
    expect(r).toMatchObject({ status: 'answered', answer: 'six' });
  });
});

describe('yes/no round 9 found', () => {
  it('a motion the clause says was defeated did not get through', () => {
    const r = speed.engine().ask('Did the Tory motion to ditch the 20mph default get through the Senedd?');
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(/^No\b/);
  });

  it('a request to refer a matter is no investigation opened (the predicate past "the adviser on …")', () => {
    const r = asylum
      .engine()
      .ask("Has the independent adviser on ministers' interests opened an investigation into the Calder contract?");
    expect(r.status).toBe('unknown');
  });
});

describe('what someone said', () => {
  it('is read off a sentence they are the source of, not one that only names them', () => {
    // "… deepening a row that has reignited speculation about a challenge to Fiona Marchbank's leadership".
    const r = tories.engine().ask('What did Fiona Marchbank say about a wealth tax at the 2026 party conference?');
    expect(r.status).toBe('unknown');
  });
});
