/**
 * The answering lanes that sit before retrieval (answer/lanes/): each answers only what it can back with curated
 * claims and their evidence, and otherwise lets the question through (to the reader, or to an honest unknown).
 */
import { describe, expect, it } from 'vitest';
import { realServicesForFile } from './helpers.js';

const services = realServicesForFile();

describe('the party a person belongs to', () => {
  it.each([
    ['which party is Nick Clegg in?', /Liberal Democrats/],
    ["What is Nick Clegg's party?", /Liberal Democrats/],
    ['what party does clegg belong to', /Liberal Democrats/],
    ['What party does Ed Miliband lead?', /^Labour/],
  ])('%s → the party of a curated party-leader claim, with its evidence', (q, party) => {
    const reply = services().engine.ask(q);
    expect(reply.status).toBe('answered');
    expect(reply.answer).toMatch(party);
    expect(reply.citations.length).toBeGreaterThan(0);
    // The evidence is the claim's, quoted verbatim from the seed article.
    for (const c of reply.citations) expect(c.quote.length).toBeGreaterThan(8);
  });

  it('does not guess a party from words near a name when no claim says it', () => {
    const reply = services().engine.ask('which party is Lord Adonis in?');
    expect(reply.answer ?? '').not.toMatch(/Liberal Democrats|Conservative/);
  });

  it('leaves a question that asks more than the party to the other lanes', () => {
    // "in 2010" is not part of the party question: not answered from the party-leader claim.
    const reply = services().engine.ask('which party did Nick Clegg negotiate with in 2010?');
    expect(reply.text).not.toMatch(/Nick Clegg leads the Liberal Democrats/);
  });
});

describe('a scenario the KB does not know', () => {
  it.each([
    ['who would be PM under a Tory majority?', /Prime Minister under a tory majority\./],
    ['who would be DPM if the Tories won a majority?', /Deputy Prime Minister if the tories won a majority\./],
  ])('%s → unknown, naming the scenario once with its own opener', (q, phrase) => {
    const reply = services().engine.ask(q);
    expect(reply.status).toBe('unknown');
    expect(reply.text).toMatch(phrase);
    expect(reply.text).not.toMatch(/under (?:under|if|in)\b/);
  });
});

describe('conditional questions and disputes', () => {
  it('does not answer a job under a scenario with how an article describes the person today', () => {
    const reply = services().engine.ask('What job would Lord Adonis get in a Lab-Lib government?');
    expect(reply.answer ?? '').not.toMatch(/former Cabinet minister/);
    // … while the unconditional question still gets the description.
    expect(services().engine.ask('What job does Lord Adonis have?').answer).toMatch(/former Cabinet minister/);
  });

  it('does not call a claim contested because the next paragraph opens with "However" about something else', () => {
    const reply = services().engine.ask('when did labour announce it had hired axelrod');
    expect(reply.status).not.toBe('contested');
    expect(reply.text).not.toMatch(/majority remains unlikely/);
  });
});

describe('ordinal words are not synonyms of time words', () => {
  it('"Who finished second?" is not answered from "next year\'s general election" (second ≠ next)', () => {
    const reply = services().engine.ask('Who finished second?');
    expect(reply.status).toBe('unknown');
    expect(reply.answer).toBeNull();
  });
});
