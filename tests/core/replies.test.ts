/**
 * Replies a person wants to read: each thing said once, no machine wording, whose words a quote is, and
 * suggestions near the question. Real KB, real engine; the checks are about form, so they hold for any KB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderText } from '../../src/adapters/console/renderText.js';
import { alreadySays, answeredReply, contestedReply, type Evidence } from '../../src/core/answer/compose.js';
import { countLabel, scenarioPhrase, withArticle } from '../../src/core/answer/format.js';
import type { ArticleInfo, Knowledge } from '../../src/core/answer/knowledge.js';
import { speakerRelation } from '../../src/core/answer/speaker.js';
import { dispatch } from '../../src/core/commands/dispatch.js';
import type { CommandContext } from '../../src/core/commands/spec.js';
import {
  attributionPhrase,
  inSentence,
  isNarratorHedge,
  reportedSource,
  speakerLabel,
  speakerSuffix,
} from '../../src/core/nlp/attribution.js';
import type { Reply } from '../../src/core/reply.js';
import type { Services } from '../../src/core/services.js';
import { realServices, removeTempDirs } from './helpers.js';

let services: Services;
let k: Knowledge;
beforeAll(async () => {
  services = await realServices();
  k = (services.engine as unknown as { k: Knowledge }).k;
}, 120_000);
afterAll(async () => {
  await services.db.destroy();
  removeTempDirs();
});

const ctx = (): CommandContext => ({
  platform: 'console',
  services,
  caller: { id: 'test', isAdmin: true, canManageChannel: true },
  channelId: 'console',
});
const run = (command: string, args: Record<string, string>) => dispatch(services.commands, { command, args }, ctx());

/** Wording that reads as machine output. */
const MACHINE = [
  /\([^()]*\([^()]*\)[^()]*\)/, // nested brackets: "(as of April 2014 (inferred), …)"
  /According to (?:Senior|Some|The|A)\b/, // a common word capitalised mid-sentence
  /as reported; as reported|fact as reported/,
  /\bwould — according/,
  /\bof the Labour\b(?! Party)/,
  /\bunder under\b/,
  /\?\./,
];

function expectReadable(text: string) {
  for (const re of MACHINE) expect(text, `${re} in:\n${text}`).not.toMatch(re);
}

/** How often a quote's text appears in a rendering. */
function times(haystack: string, needle: string): number {
  return haystack.split(needle.slice(0, 40)).length - 1;
}

describe('each thing once', () => {
  it.each([
    'who is DPM under Lib-Lab?',
    'did Miliband refuse to speak to Clegg?',
    'who leads Labour?',
    'How many target seats has Labour identified?',
  ])('%s: every quote appears once in the console rendering, and the wording reads as prose', async (q) => {
    const reply = await run('ask', { question: q });
    const text = renderText(reply);
    expectReadable(text);
    for (const c of reply.citations) expect(times(text, c.quote), c.quote).toBe(1);
  });

  it('a contested answer is short: both sides once, the date once', async () => {
    const reply = await run('ask', { question: 'who is DPM under Lib-Lab?' });
    expect(reply.status).toBe('contested');
    expect(reply.text.length).toBeLessThan(700);
    const asOf = reply.asOf as string;
    expect(reply.text.split(asOf).length - 1).toBe(1);
    // No sentence of the reply is repeated.
    const sentences = reply.text.split(/(?<=[.!?])\s+/).map((s) => s.trim().toLowerCase());
    expect(new Set(sentences).size).toBe(sentences.length);
  });

  it('quote listings: each quote once, by-line once', async () => {
    const reply = await run('quote', { speaker: 'Miliband' });
    const text = renderText(reply);
    expectReadable(text);
    for (const c of reply.citations) expect(times(text, c.quote), c.quote).toBe(1);
  });

  it('answeredReply does not say a quote the lead already says', () => {
    const article = {
      id: 'a1',
      title: 'Balls on the deficit',
      published: '2014-04-01',
      precision: 'month',
      inferred: false,
    } as unknown as ArticleInfo;
    const e: Evidence = {
      article,
      quote: 'We will balance the books',
      attribution: { kind: 'named', description: 'Mr Balls' },
    };
    const r = answeredReply('q', 'a', 'Mr Balls said: “We will balance the books.”', [e], 0.9);
    expect(times(r.text, 'We will balance the books')).toBe(1);
    expect(r.text).not.toMatch(/According to Mr Balls/);
    expect(r.text).toContain('Balls on the deficit');
    const other = answeredReply('q', 'a', 'Labour will cut the deficit.', [e], 0.9);
    expect(other.text).toContain(
      '“We will balance the books” — Mr Balls, in “Balls on the deficit”, as of April 2014.',
    );
  });

  it('contestedReply: a statement that names its source is not prefixed with it again', () => {
    const article = { id: 'a', title: 'T', published: '2014-04-01', precision: 'month', inferred: true } as never;
    const r: Reply = contestedReply(
      'q',
      'a',
      [
        {
          label: 'For',
          statement: 'Senior Labour figures say Clegg could stay.',
          evidence: [{ article, quote: 'x', attribution: { kind: 'anonymous', description: 'Senior Labour figures' } }],
        },
        {
          label: 'Against',
          statement: 'A spokesman for Mr Miliband played it down.',
          evidence: [
            { article, quote: 'y', attribution: { kind: 'spokesman', description: 'a spokesman for Mr Miliband' } },
          ],
        },
      ],
      0.6,
    );
    expect(r.text).toContain('Against: A spokesman for Mr Miliband played it down.');
    expect(r.text).toContain('For: Senior Labour figures say Clegg could stay.');
    expect(r.text.match(/as of April 2014 \(inferred\)/g)).toHaveLength(1);
    expectReadable(r.text);
  });

  it('alreadySays ignores case, quote marks and punctuation', () => {
    expect(alreadySays('He said: “We will, balance the books.”', 'we will balance the books')).toBe(true);
    expect(alreadySays('He said nothing.', 'we will balance the books')).toBe(false);
  });
});

describe('wording', () => {
  it('profile and claims read as prose: no doubled tags, no "the Labour", counts match what is listed', async () => {
    for (const reply of [
      await run('profile', { entity: 'Nick Clegg' }),
      await run('profile', { entity: 'Ed Miliband' }),
      await run('claims', { topic: 'coalition' }),
    ]) {
      const text = renderText(reply);
      expectReadable(text);
      for (const f of reply.fields ?? []) {
        const m = /\((\d+)(?: of (\d+))?\)$/.exec(f.name);
        if (!m) continue;
        const listed = f.value.split('\n').filter((l) => l.trim()).length;
        expect(Number(m[1]), `${f.name}: ${f.value}`).toBe(listed);
      }
    }
  });

  it('attribution phrases: common words lower-cased inside a sentence, names kept, one suffix builder', () => {
    expect(attributionPhrase({ kind: 'anonymous', description: 'Senior Labour figures' })).toBe(
      'according to senior Labour figures (anonymous)',
    );
    expect(speakerLabel({ kind: 'spokesman', description: 'A spokesman for Mr Miliband' })).toBe(
      'a spokesman for Mr Miliband',
    );
    // Said once: a description that names a spokesman gets no "(official spokesman)" as well; one that does not, does.
    expect(speakerLabel({ kind: 'spokesman', description: 'the Downing Street press secretary' })).toBe(
      'the Downing Street press secretary (official spokesman)',
    );
    expect(speakerLabel({ kind: 'named', description: 'Ed Miliband' })).toBe('Ed Miliband');
    expect(inSentence('Labour sources')).toBe('Labour sources');
    expect(speakerSuffix('named')).toBe('');
    expect(attributionPhrase({ kind: 'reporter', description: 'the article' })).toBe('as reported');
  });

  it('format helpers', () => {
    expect(withArticle('Labour')).toBe('Labour');
    expect(withArticle('Liberal Democrats')).toBe('the Liberal Democrats');
    expect(withArticle('Labour Party')).toBe('the Labour Party');
    expect(scenarioPhrase('under Tory majority')).toBe('under Tory majority');
    expect(scenarioPhrase('a Lib-Lab pact')).toBe('under a Lib-Lab pact');
    expect(countLabel(2, 3)).toBe('2 of 3');
    expect(countLabel(4, 4)).toBe('4');
  });

  it('a usage error with a question-mark description has no stray "?."', async () => {
    const r = await run('ask', {});
    expect(r.kind).toBe('error');
    expect(r.text).not.toMatch(/\?\./);
  });
});

describe('whose words', () => {
  it('speakerRelation: the person, their spokesman, someone close to them, nobody', () => {
    const miliband = 'ed-miliband';
    expect(speakerRelation({ kind: 'named', description: 'Ed Miliband' }, miliband, k)).toBe('self');
    expect(
      speakerRelation({ kind: 'spokesman', description: 'a spokesman for Mr Miliband', entity: miliband }, miliband, k),
    ).toBe('spokesman');
    expect(
      speakerRelation(
        { kind: 'anonymous', description: 'a shadow Cabinet minister close to Mr Miliband' },
        miliband,
        k,
      ),
    ).toBe('associate');
    expect(speakerRelation({ kind: 'named', description: "Mr Miliband's aide" }, miliband, k)).toBe('associate');
    expect(speakerRelation({ kind: 'anonymous', description: 'senior Labour figures' }, miliband, k)).toBe('none');
    expect(speakerRelation({ kind: 'named', description: 'Nick Clegg' }, miliband, k)).toBe('none');
    expect(speakerRelation({ kind: 'reporter', description: 'the article' }, miliband, k)).toBe('none');
  });

  it('quote --speaker Miliband does not credit people close to him to him, and labels his spokesman', async () => {
    const reply = await run('quote', { speaker: 'Miliband' });
    expect(reply.answer).not.toMatch(/^\d+ quotes by Miliband$/);
    const text = reply.text;
    const close = text.indexOf('close to Mr Miliband');
    expect(close).toBeGreaterThan(-1);
    // The line of a quote by someone close to him is under a heading that says it is not his.
    const heading = text.lastIndexOf(':\n', close);
    expect(text.slice(text.lastIndexOf('\n', heading - 1) + 1, heading)).toMatch(/not .*own words/);
    expect(text).toMatch(/By a spokesman for Ed Miliband:\n/);
  });

  it("the narrator's hedge is nobody's words", async () => {
    expect(isNarratorHedge('For years, Mr Miliband is said to have refused to speak to Mr Clegg.')).toBe(true);
    expect(isNarratorHedge('Mr Miliband reportedly refused to speak to Clegg.')).toBe(true);
    expect(isNarratorHedge('“We will win,” he said.')).toBe(false);
    expect(reportedSource('For years, Mr Miliband is said to have refused to speak to Mr Clegg.')).toBeUndefined();
    expect(reportedSource('Senior Labour figures said the talks had stalled.')).toMatchObject({ kind: 'anonymous' });
    const reply = await run('ask', { question: 'did Miliband refuse to speak to Clegg?' });
    for (const c of reply.citations.filter((x) => /is said to have refused/.test(x.quote))) {
      expect((c as { attribution?: string }).attribution ?? '').not.toMatch(/senior party figure/);
    }
  });
});

describe('suggestions near the question', () => {
  it('unknown replies suggest what is near what was asked, not the same list for everything', async () => {
    const a = await run('profile', { entity: 'Nobody Atall' });
    const b = await run('quote', { speaker: 'Nick Clegg', topic: 'weather' });
    expect(a.status).toBe('unknown');
    expect(b.status).toBe('unknown');
    expect(b.suggestions?.some((s) => /Clegg|Deputy Prime Minister/.test(s))).toBe(true);
    expect(b.suggestions).not.toEqual(a.suggestions);
  });
});

describe('one definition of a title', () => {
  it('titles.ts drives what counts as a titled name', async () => {
    const { PERSON_TITLES, withoutTitle, isPersonTitle } = await import('../../src/core/nlp/titles.js');
    const { looksNamed } = await import('../../src/core/nlp/attribution.js');
    for (const t of PERSON_TITLES) expect(looksNamed(`${t} Smithson`), t).toBe(true);
    expect(withoutTitle('Councillor Smithson')).toBe('Councillor Smithson');
    expect(withoutTitle('Sir Ed Davey')).toBe('Ed Davey');
    expect(isPersonTitle('Dame')).toBe(true);
  });
});
