/**
 * Reading an article Whip was not written for (an invented fixture ingested into a fresh store over the seed KB,
 * so what is tested is reading, not a known answer): alternative questions (answer/choice.ts, lanes/choice.ts) —
 * "… in public or behind closed doors?" is answered with the alternative the evidence states, never with a yes or
 * a no, and when no sentence states exactly one of them the reply says it does not know which; yes/no from the
 * clause about what is asked; amounts written another way ("3m" for "£3m"); institutions as sources.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServices, createServices } from '../../src/bootstrap.js';
import { parseConfig } from '../../src/config.js';
import type { Engine } from '../../src/core/answer/engine.js';
import { parseQuestion } from '../../src/core/answer/parse.js';
import type { Services } from '../../src/core/services.js';
import { ingestSources } from '../../src/ingest/ingest.js';
import { openDatabase, storeFile } from '../../src/store/db.js';
import { isVerbatim, ROOT, removeTempDirs, tempDir } from './helpers.js';

const FIXTURE = join(ROOT, 'tests/fixtures/choice/harbour-levy-vote.txt');
let services: Services;
let fixtureText: string;

beforeAll(async () => {
  const dir = tempDir('whip-choice-');
  const db = await openDatabase(storeFile(dir));
  const [outcome] = await ingestSources([FIXTURE], { db, timeoutMs: 10_000 });
  expect(outcome?.ok).toBe(true);
  await db.destroy();
  services = await createServices(parseConfig({ WHIP_DATA_DIR: dir, LOG_LEVEL: 'silent' }));
  fixtureText = readFileSync(FIXTURE, 'utf8');
}, 120_000);
afterAll(async () => {
  await closeServices(services);
  removeTempDirs();
});

const alternatives = (q: string) => parseQuestion(q, (services.engine as Engine).k).alternatives?.map((a) => a.text);

describe('which questions offer alternatives', () => {
  it.each([
    ['Was the levy agreed in public or behind closed doors?', ['in public', 'behind closed doors']],
    ['Is the plan an open one or a secret one?', ['open', 'secret']],
    ['Who is ahead in the polls, Labour or the Tories?', ['labour', 'tories']],
    ['Is the cut down to real savings or just an accounting change?', ['real savings', 'accounting change']],
    ['Are relations getting better or worse?', ['better', 'worse']],
    // A name with a noun of its own is that phrase ("the Green group"), not the party.
    ['Who is ahead, the Green group or the Conservatives?', ['the green group', 'conservatives']],
  ])('%j offers %j', (q, want) => {
    expect(alternatives(q)).toEqual(want);
  });

  it.each([
    // A wh-question's "or" without a comma asks for something else (seats), not a choice of parties.
    'Which seats did Labour or the Tories win?',
    // Two words for one thing: a yes/no question.
    'Were the figures altered or changed?',
    // Verb phrases with their object between them are not parsed as alternatives.
    'Did the council approve the levy, or reject it?',
    'Will the council raise the levy or cut spending?',
    // A hyphen inside a word is not a dash.
    'Which by-election did Labour or the Tories win?',
  ])('%j offers none', (q) => {
    expect(alternatives(q)).toBeUndefined();
  });
});

describe('answering an alternative question from an article', () => {
  it('answers with the alternative the evidence states, quoted verbatim with its date', () => {
    for (const q of [
      'Did the councillors agree the harbour levy in public or behind closed doors?',
      'Was the harbour levy agreed behind closed doors or in public?',
    ]) {
      const r = services.engine.ask(q);
      expect(r.status, q).toBe('answered');
      expect(r.answer, q).toBe('Behind closed doors');
      expect(r.answer).not.toMatch(/^(?:yes|no)\b/i);
      expect(r.citations[0]?.quote).toMatch(/behind closed doors/);
      for (const c of r.citations) expect(isVerbatim(c.quote, fixtureText)).toBe(true);
      expect(r.asOf).toBeTruthy();
    }
  });

  it('reads a ranking between the two when one sentence names both ("X narrowly ahead of Y")', () => {
    const ahead = services.engine.ask('Who is ahead among harbour residents, the Green group or the Conservatives?');
    expect(ahead.status).toBe('answered');
    expect(ahead.answer).toMatch(/^The green group$/i);
    const behind = services.engine.ask('Who is behind among harbour residents, the Conservatives or the Green group?');
    expect(behind.answer).toBe('Conservatives');
  });

  it('does not take a sentence that names an alternative without saying what is asked of it', () => {
    // "Harbour traders said the levy would drive visiting yachts …" names the traders, not who is ahead.
    const r = services.engine.ask('Who is ahead on the levy, the Conservatives or the harbour traders?');
    expect(r.answer ?? '').not.toMatch(/traders/i);
  });

  it('says it does not know which when no sentence states exactly one of them', () => {
    // The harbour master names both the wall and the slipway in one sentence.
    const r = services.engine.ask('Does the harbour master say the wall or the slipway needs work?');
    expect(r.status).toBe('unknown');
    expect(r.answer).toBeNull();
    expect(r.text).toMatch(/does not say which: wall or slipway/);
  });
});

describe('an amount written another way is the same amount, not a word the knowledge base lacks', () => {
  it.each(['Who said the harbour needed 3m of repairs?', 'Who said the harbour needed £3 million of repairs?'])(
    '%s',
    (q) => {
      // The article writes "£3m": "3m" and "£3" before "million" are that amount, not a gate.
      const r = services.engine.ask(q);
      expect(r.text).not.toMatch(/has nothing about/);
      expect(r.status).toBe('answered');
      expect(r.answer).toMatch(/Coastal Moorings Standards Authority/);
      // An institution speaking as one is an official statement (session 14: a name starting "The" is a body).
      expect(r.attribution).toBe('according to the Coastal Moorings Standards Authority (official spokesman)');
    },
  );

  it('an amount the knowledge base does not have is still a gate', () => {
    const r = services.engine.ask('Who said the harbour needed £7m of repairs?');
    expect(r.status).toBe('unknown');
    expect(r.text).toMatch(/nothing about “£7m”/);
  });
});

describe('yes/no answers rest on the clause about what is asked', () => {
  it.each([
    ['Can the Green group block the levy without Labour?', /^Yes: The Green group can block the levy without Labour$/],
    ['Can the Conservatives pass the budget without the Greens?', /^No: the Conservatives cannot pass the budget/],
    ['Has Councillor Ashdown lost the Conservative whip?', /^No: he retains the Conservative whip\.$/],
  ])('%s → %s', (q, answer) => {
    const r = services.engine.ask(q);
    expect(r.status).toBe('answered');
    expect(r.answer).toMatch(answer);
    expect((r.answer ?? '').length).toBeLessThanOrEqual(120);
    for (const c of r.citations) expect(isVerbatim(c.quote, fixtureText)).toBe(true);
  });

  it('shows a claim and its denial as contested, each side with its source', () => {
    const r = services.engine.ask('Did council officers telephone harbour traders before the vote?');
    expect(r.status).toBe('contested');
    expect(r.text).toMatch(/Opponents of the levy claimed/);
    expect(r.text).toMatch(/denied that any such calls were made/);
  });

  it('attributes what an institution said to it, as an official statement', () => {
    const r = services.engine.ask('Who said it had no record of a request from traders for a discount?');
    expect(r.answer).toMatch(/finance office/i);
    expect(r.attribution).toMatch(/according to the council's finance office \(official/);
  });
});
