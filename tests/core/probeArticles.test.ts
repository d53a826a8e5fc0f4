/**
 * Session 18: two invented articles probed as a new user would, and what the probes found, fixed.
 * - tests/fixtures/quotes/water-bills.txt: a rebuttal of what someone said ("The Consumer Council for Water disputed
 *   the figures.") does not make who they are contested — "Who is the regulator's chief executive?" read off "David
 *   Ashworth, the regulator's chief executive, said the rise was …" is answered, not shown as a dispute
 *   (lanes/sentences.ts saidBy). The same probe found quote attributions that are wrong here (docs/quality-history.md,
 *   session 18): fixing them moves the model and failed its paired retrain.
 * - tests/fixtures/probes/ashcombe-byelection.txt: "She denied that Labour had lost because of its housing policy"
 *   was a Yes to "Did Labour lose because of its housing policy?" ("had" read as an opposite of "lose";
 *   polarity.ts AUXILIARIES).
 * - tests/fixtures/probes/junior-doctors-strike.txt: "would not call off the strike without an improved offer" was a
 *   Yes to "Will the strike be called off?" ("without" counted as a second denial; polarity.ts CONDITION_NEGATION);
 *   and "Who is the Health Secretary?" was unknown because the entity recogniser missed "Victoria Ashdown", so no
 *   description of her was recorded: the role before a name in the best sentences now answers (roles.ts
 *   holderInPassages).
 * Session 19 (the fixes that do not move the model; the rest are on the branch session19-model-moving):
 * - tests/fixtures/probes/housing-target.txt: "Will Labour restore the national target?" was a Yes from "Labour said
 *   the government had broken a manifesto promise", a sentence holding only the name asked about (polarity.ts).
 * - Invented articles a helper wrote with a user's questions (probes/council-budget.txt, leadership-memo.txt,
 *   rail-strike.txt): "A proposal to close three … recycling centres was postponed" was a Yes to "Are recycling
 *   centres closing?" (polarity.ts CALLED_OFF); "Who came up with the freight levy?" was answered "2", the number
 *   of "£2bn" (verify.ts notAWho: a who-question is never answered by a sum, a count, a share or a date).
 */
import { describe, expect, it } from 'vitest';
import { fixtureServicesForFile, isVerbatim } from './helpers.js';

const fixture = fixtureServicesForFile('tests/fixtures/quotes/water-bills.txt', 'whip-disputed-speaker-');
const byelection = fixtureServicesForFile('tests/fixtures/probes/ashcombe-byelection.txt', 'whip-ashcombe-');
const strike = fixtureServicesForFile('tests/fixtures/probes/junior-doctors-strike.txt', 'whip-strike-');
const housing = fixtureServicesForFile('tests/fixtures/probes/housing-target.txt', 'whip-housing-');
const budget = fixtureServicesForFile('tests/fixtures/probes/council-budget.txt', 'whip-budget-');
const memo = fixtureServicesForFile('tests/fixtures/probes/leadership-memo.txt', 'whip-memo-');

describe('a dispute about what someone said', () => {
  it('does not make who they are contested', () => {
    const r = fixture.engine().ask("Who is the regulator's chief executive?");
    expect(r.status).toBe('answered');
    expect(r.answer).toBe('David Ashworth');
    for (const c of r.citations) expect(isVerbatim(c.quote, fixture.text())).toBe(true);
  });

  it('who disputed something is a fact, answered with the disputer’s words (session 22: "disputed" reports)', () => {
    // Until session 22 this was contested (the regulator's figures and their rebuttal); but nobody disputes who
    // disputed them: the sentence now has its source ("The Consumer Council for Water disputed the figures"), and
    // the answer is that source.
    const r = fixture.engine().ask('Who disputed the figures?');
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(/Consumer Council/);
    expect(r.citations[0]?.quote).toBe('The Consumer Council for Water disputed the figures.');
  });
});

describe('a denial in a by-election article', () => {
  it('"She denied that Labour had lost because of its housing policy" is a no, with whose word it is', () => {
    const r = byelection.engine().ask('Did Labour lose because of its housing policy?');
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(/^No\b/);
    expect(r.citations[0]?.attribution).toMatch(/Yvonne Marsh/);
  });
});

describe('a condition after a denial in a strike article', () => {
  it('"would not call off the strike without an improved offer" is a no', () => {
    const r = strike.engine().ask('Will the strike be called off?');
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(/^No\b/);
    for (const c of r.citations) expect(isVerbatim(c.quote, strike.text())).toBe(true);
  });
});

describe('a post held by someone the entity recogniser missed', () => {
  it('is read off "The Health Secretary, Victoria Ashdown, said …" in the best sentences', () => {
    const r = strike.engine().ask('Who is the Health Secretary?');
    expect(r.status).toBe('answered');
    expect(r.answer).toBe('Victoria Ashdown');
    expect(r.citations[0]?.quote).toMatch(/^The Health Secretary, Victoria Ashdown, said/);
  });

  it('but not for another role around the same words ("the shadow health secretary")', () => {
    expect(strike.engine().ask('Who is the shadow health secretary?').status).toBe('unknown');
  });
});

describe('invented articles probed in session 19', () => {
  it('a sentence naming only who is asked about is no answer to what is asked of them', () => {
    const r = housing.engine().ask('Will Labour restore the national target?');
    expect(r.answer ?? '').not.toMatch(/^Yes/);
    expect(r.citations.map((c) => c.quote)).not.toContain('Labour said the government had broken a manifesto promise.');
  });

  it('a plan put off is a no to whether it is happening', () => {
    const r = budget.engine().ask('Are recycling centres closing?');
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(/^No\b/);
    expect(r.citations[0]?.quote).toMatch(/was postponed until the autumn/);
  });

  it('a who-question is never answered by a number', () => {
    const who = memo.engine().ask('Who came up with the freight levy?');
    expect(who.answer ?? '').not.toMatch(/\d/);
  });
});
