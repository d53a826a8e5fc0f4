import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServices } from '../../src/bootstrap.js';
import { normaliseQuestion } from '../../src/core/answer/parse.js';
import { AliasMatcher } from '../../src/core/nlp/aliases.js';
import { attributionPhrase, classifySpeaker, looksNamed, reportedSource } from '../../src/core/nlp/attribution.js';
import { extractQuotes } from '../../src/core/nlp/quotes.js';
import { contentStems, foldText, words } from '../../src/core/nlp/terms.js';
import type { Services } from '../../src/core/services.js';
import { realServices, removeTempDirs } from './helpers.js';

let services: Services;
let matcher: AliasMatcher;
/** Ids the real engine's matcher finds in what a person typed (typo-tolerant, as for questions). */
const ids = (text: string) => matcher.find(text, true).map((m) => m.id);

beforeAll(async () => {
  services = await realServices();
  matcher = services.engine.k.matcher;
}, 120_000);
afterAll(async () => {
  await closeServices(services);
  removeTempDirs();
});

describe('terms', () => {
  it('folds typography and expands chat shorthand', () => {
    expect(foldText('“Lib–Lab” ‘pact’')).toBe('"lib-lab" \'pact\'');
    expect(words('who wud b dpm')).toEqual(['who', 'would', 'b', 'dpm']);
    expect(words('whos the DPM')).toEqual(['who', 'is', 'the', 'dpm']);
    // A negative typed without its apostrophe reads as the question's "didn't" does once normaliseQuestion has
    // spelt it out: the auxiliary and "not" (no stump such as "didn" for the vocabulary gate to find missing).
    expect(words('which PM didnt plan')).toEqual(words(normaliseQuestion("which PM didn't plan")));
    expect(words('which PM didnt plan')).toEqual(['which', 'pm', 'did', 'not', 'plan']);
    expect(words('it wasnt approved')).toEqual(['it', 'was', 'not', 'approved']);
    expect(contentStems('Who would be the Deputy Prime Minister?')).not.toContain('the');
  });
});

describe('alias resolution on the bundled KB', () => {
  it.each([
    ['DPM', 'deputy-prime-minister'],
    ['dpm', 'deputy-prime-minister'],
    ['Deputy PM', 'deputy-prime-minister'],
    ['deputy prime minister', 'deputy-prime-minister'],
    ['Number 10', 'prime-minister'],
    ['No 10', 'prime-minister'],
    ['Number10', 'prime-minister'],
    ['Downing Street', 'prime-minister'],
    ['Tories', 'conservatives'],
    ['Tory', 'conservatives'],
    ['the Conservatives', 'conservatives'],
    ['Lib Dems', 'liberal-democrats'],
    ['LibDems', 'liberal-democrats'],
    ['Liberal Democrats', 'liberal-democrats'],
    ['UKIP', 'ukip'],
    ['Ukip', 'ukip'],
    ['UK Independence Party', 'ukip'],
    ['Mr Clegg', 'nick-clegg'],
    ['Clegg', 'nick-clegg'],
    ["Clegg's", 'nick-clegg'],
    ['Miliband’s', 'ed-miliband'],
    ['Lib-Lab', 'lib-lab-coalition'],
    ['Lab-Lib', 'lib-lab-coalition'],
    ['lib lab', 'lib-lab-coalition'],
  ])('%j -> %s', (text, id) => {
    expect(ids(text)).toEqual([id]);
  });

  it('finds several mentions in text order, longest match first', () => {
    const found = matcher.find('Would Mr Clegg stay Deputy Prime Minister if the Lib Dems joined Labour?');
    expect(found.map((m) => m.id)).toEqual(['nick-clegg', 'deputy-prime-minister', 'liberal-democrats', 'labour']);
    // "Deputy Prime Minister" is one mention, not "Prime Minister" inside it.
    expect(found[1]?.text).toBe('deputy prime minister');
    expect(found.every((m, i) => i === 0 || m.start >= (found[i - 1]?.end ?? 0))).toBe(true);
  });

  it.each([
    ['Milliband', 'ed-miliband'],
    ['Ed Milliband', 'ed-miliband'],
    ['Camerron', 'david-cameron'],
    ['Clegge', 'nick-clegg'],
    ['Cleggg', 'nick-clegg'],
    ['Axelrood', 'david-axelrod'],
    ['Conservativs', 'conservatives'],
    ['Labor', 'labour'],
    ['parlament', 'parliament'],
    ['Gordan Brown', 'gordon-brown'],
  ])('tolerates a near miss on a name: %j -> %s', (text, id) => {
    expect(ids(text)).toEqual([id]);
  });

  // Known bug (src/core/nlp/aliases.ts): the module promises tolerance of "Axlerod" (a swapped pair), but plain
  // Levenshtein counts a transposition as 2 edits and 7-letter words only get 1.
  it('tolerates a transposed pair of letters in a name ("Axlerod", as the module documents)', () => {
    expect(ids('Axlerod')).toEqual(['david-axelrod']);
    expect(ids('Milibnad')).toEqual(['ed-miliband']);
  });

  it('does not "correct" common words that are in the KB into names', () => {
    for (const w of [
      'whether',
      'the weather',
      'label',
      'legal',
      'cleaning',
      'common',
      'houses',
      'presidents',
      'david',
    ]) {
      expect(ids(w), w).toEqual([]);
    }
  });

  // Known bug (src/core/nlp/aliases.ts): words unknown to the KB vocabulary but common in English are fuzzy-matched
  // to names: "stories" -> Tories, "worth" -> the North, "crown"/"grown" -> Gordon Brown.
  it('does not "correct" common English words (absent from the KB) into names', () => {
    const cases: [string, string][] = [
      ['which stories mention Bedford?', 'stories'],
      ['is the plan worth it?', 'worth'],
      ['who wears the crown?', 'crown'],
      ['has the economy grown?', 'grown'],
    ];
    const corrected = cases.flatMap(([q, word]) =>
      matcher
        .find(q)
        .filter((m) => m.text === word)
        .map((m) => `${word} -> ${m.id}`),
    );
    expect(corrected).toEqual([]);
  });

  // Gap against the brief: a name split by a stray space ("Cleg g", "Mili band") is not recognised.
  it('tolerates a name split by a stray space ("Cleg g")', () => {
    expect(ids('who is Cleg g?')).toEqual(['nick-clegg']);
    expect(ids('what did Mili band say?')).toEqual(['ed-miliband']);
  });

  it('short common words are never fuzzy-matched; exact short aliases still are', () => {
    for (const w of ['bed', 'beg', 'keg', 'cleft']) expect(ids(w), w).toEqual([]);
    expect(ids('Ed')).toEqual(['ed-miliband']);
    expect(ids('led')).toEqual(['party-leader']);
  });
});

describe('AliasMatcher mechanics (own small alias table)', () => {
  const m = new AliasMatcher([
    { id: 'jane-smithson', type: 'person', name: 'Jane Smithson', aliases: ['Smithson', 'Ms Smithson'] },
    { id: 'greenwood', type: 'place', name: 'Greenwood', aliases: [] },
    { id: 'treasurer', type: 'role', name: 'Treasurer', aliases: ['treasury boss'] },
    { id: 'green-party', type: 'party', name: 'Green Party', aliases: ['Greens'] },
  ]);
  m.knownWords = (w) => ['greenwoods'].includes(w);

  it('exact, plural and typo matches on proper names', () => {
    expect(m.find('Ms Smithson said', true).map((x) => x.id)).toEqual(['jane-smithson']);
    expect(m.find('Smithsen said', true).map((x) => x.id)).toEqual(['jane-smithson']);
    expect(m.find('the Greens', true).map((x) => x.id)).toEqual(['green-party']);
    expect(m.find('Green Party', true).map((x) => x.id)).toEqual(['green-party']);
  });

  it('roles are not fuzzy-matched, and known words are never corrected', () => {
    expect(m.find('Treasurar', true).map((x) => x.id)).toEqual([]);
    expect(m.find('treasurer', true).map((x) => x.id)).toEqual(['treasurer']);
    expect(m.find('greenwoods', true).map((x) => x.id)).toEqual([]);
    expect(m.find('Grenwood', true).map((x) => x.id)).toEqual(['greenwood']);
  });

  it('article text is matched exactly: no typo correction outside questions', () => {
    expect(m.find('Smithsen said').map((x) => x.id)).toEqual([]);
    expect(m.find('Grenwood').map((x) => x.id)).toEqual([]);
    expect(m.find('Ms Smithson said').map((x) => x.id)).toEqual(['jane-smithson']);
  });

  it('reports token spans', () => {
    const [x] = m.find('Yesterday Jane Smithson spoke', true);
    expect(x).toMatchObject({ id: 'jane-smithson', start: 1, end: 3, text: 'jane smithson' });
  });
});

describe('attribution classification', () => {
  it.each([
    ['Ed Miliband', 'named'],
    ['Mr Clegg', 'named'],
    ['Lord Adonis', 'named'],
    ['President Obama', 'named'],
    ['a spokesman for Mr Miliband', 'spokesman'],
    ['A Downing Street spokeswoman', 'spokesman'],
    ["the Prime Minister's official spokesman", 'spokesman'],
    ['senior Labour figures', 'anonymous'],
    ['One shadow Cabinet minister, who is close to Mr Miliband', 'anonymous'],
    ['party insiders', 'anonymous'],
    ['sources', 'anonymous'],
    ['a senior party figure', 'anonymous'],
    // An institution speaking as one is an official statement; people inside it are not the institution.
    ["the commissioner's office", 'spokesman'],
    ['The Department of Health', 'spokesman'],
    ['Government sources', 'anonymous'],
    ['council officials', 'anonymous'],
    // A possessive says whose office it is (session 18); the people of a body are still people.
    ["The First Minister's office", 'spokesman'],
    ["the ministers' aides", 'anonymous'],
    // A role and then a name: the named person (session 13) — unless the role relates them to someone else.
    ['Shadow justice secretary Helen Marsh', 'named'],
    ['Its president, Andrea Kell', 'named'],
    ['Labour MP Jo Smith', 'named'],
    ['council leader Sue Wright', 'named'],
    ['A senior official close to the Justice Secretary, Tom Baker', 'anonymous'],
    ['allies of Boris Johnson', 'anonymous'],
    // A party or the Treasury speaking as one is an official statement too (session 14), not a named person.
    ['the Conservative Party', 'spokesman'],
    ['The Treasury', 'spokesman'],
    ['Rhodri Vaughan-Tudor', 'named'],
    ["Siobhan O'Brien", 'named'],
  ])('%j is %s', (description, kind) => {
    expect(classifySpeaker(description).kind).toBe(kind);
  });

  it('a known person is named even when it does not look like a name', () => {
    expect(classifySpeaker('Adonis', true).kind).toBe('named');
    expect(classifySpeaker('Adonis').kind).toBe('anonymous');
    expect(looksNamed('Polling')).toBe(false);
    expect(looksNamed('Nick Clegg')).toBe(true);
  });

  it('phrases the attribution for a reader', () => {
    expect(attributionPhrase({ kind: 'anonymous', description: 'senior Labour figures' })).toBe(
      'according to senior Labour figures (anonymous)',
    );
    expect(attributionPhrase({ kind: 'spokesman', description: 'A spokesman for Mr Miliband' })).toBe(
      'according to a spokesman for Mr Miliband',
    );
    expect(attributionPhrase({ kind: 'named', description: 'Ed Miliband' })).toBe('according to Ed Miliband');
  });

  it.each([
    ['Party insiders insist that the party can bounce back.', 'anonymous', 'Party insiders'],
    ['They may be forced to put up with him, sources said.', 'anonymous', 'sources'],
    [
      'Senior Labour figures have privately disclosed that the offices are in contact.',
      'anonymous',
      'Senior Labour figures',
    ],
    ['Mr Miliband said that he would win.', 'named', 'Mr Miliband'],
    ['A council spokeswoman said that the road would open.', 'spokesman', 'A council spokeswoman'],
    // Groups and institutions are sources too: without them a claim and its denial read as the narrator's.
    ['Opponents of the bill claimed that whips had telephoned MPs.', 'anonymous', 'Opponents of the bill'],
    ["The commissioner's office said it had no record of any such call.", 'spokesman', "The commissioner's office"],
    ['The Department of Health says the minister offered more money.', 'spokesman', 'The Department of Health'],
    // A role, a comma and a name, led by a possessive; a body's full name is a body, not a role and a name.
    [
      "Labour's shadow chancellor, Anita Rowe, said the climbdown was a shambles.",
      'named',
      "Labour's shadow chancellor, Anita Rowe",
    ],
    [
      'The Office for Budget Responsibility said the delay would add to borrowing.',
      'spokesman',
      'The Office for Budget Responsibility',
    ],
    // Two named sources saying it together.
    [
      'Ridgeway Buses and Cllr Ashdown-Reyes say the depots are not included.',
      'named',
      'Ridgeway Buses and Cllr Ashdown-Reyes',
    ],
    // An adverb between the source and the verb; a hyphenated surname.
    ['The Treasury flatly denies that any such commitment was made.', 'spokesman', 'The Treasury'],
    [
      'Rhodri Vaughan-Tudor, the Plaid Cymru spokesman on finance, said the formula was unfair.',
      'named',
      'Rhodri Vaughan-Tudor',
    ],
  ])('reported speech %j comes from a %s source', (sentence, kind, description) => {
    expect(reportedSource(sentence)).toEqual({ kind, description });
  });

  it.each([
    'Polling suggests that UKIP will take votes.',
    'The weather was fine.',
    'Labour has identified 106 target seats.',
    // The reporting verb belongs to an embedded question the sentence asks, not reports.
    'The central point in dispute is whether Ms Trask told civil servants about the dinner.',
    'The question is what the minister told MPs.',
    'Nobody knows if Ms Trask told officials.',
  ])('%j names no source', (sentence) => {
    expect(reportedSource(sentence)).toBeUndefined();
  });
});

describe('quote extraction', () => {
  const speakerOf = (paragraphs: string[], fragment: string) =>
    extractQuotes(paragraphs).find((q) => q.text.includes(fragment))?.speaker;

  it('"she said" is the name that spoke just before, even one the NER does not know, not the last speaker', () => {
    const paragraphs = [
      'A Ministry of Justice spokesman said: "The figure is wrong. The programme remains on budget."',
      'Shadow justice secretary Helen Marsh said the government had "lost control". "Ministers have been hiding the real figures," she said.',
    ];
    expect(speakerOf(paragraphs, 'Ministers have been hiding')).toEqual({ kind: 'named', description: 'Helen Marsh' });
  });

  it('"she said" is who spoke in the paragraph before the quote, not someone named since', () => {
    const paragraphs = [
      'Ms Ellison told MPs on Tuesday that the change would end the campaign against the leader, Daniel Okafor, who has survived two challenges. “We cannot run a country like this,” she said.',
      'Mr Pemberton, the MP for Harlow Vale, said the change was wrong, and he named Priya Raman as an ally. “It is a stitch-up,” he said.',
    ];
    // Every name known to the recogniser: the last one named before each quote is not its speaker.
    const known = (fragment: string) =>
      extractQuotes(paragraphs, () => true).find((q) => q.text.includes(fragment))?.speaker;
    expect(known('We cannot run')).toEqual({ kind: 'named', description: 'Ms Ellison' });
    expect(known('It is a stitch-up')).toEqual({ kind: 'named', description: 'Mr Pemberton' });
  });

  it('"he said" after a surname alone is the person the article named in full with it', () => {
    const paragraphs = [
      'Marcus Delaney, the Conservative candidate, lost by 4,000 votes. The declaration was delayed by a recount.',
      'Delaney conceded defeat from the stage. “I congratulate Hannah and wish her well,” he said.',
      '“The voters have spoken,” Delaney said.',
    ];
    const q = (fragment: string) =>
      extractQuotes(
        paragraphs,
        () => false,
        (s) => (s === 'Delaney' ? 'Marcus Delaney' : undefined),
      ).find((x) => x.text.includes(fragment))?.speaker;
    expect(q('I congratulate')).toEqual({ kind: 'named', description: 'Marcus Delaney' });
    expect(q('The voters')).toEqual({ kind: 'named', description: 'Marcus Delaney' });
    // Without an owner for the surname the pronoun is not hers or his: it falls back as before.
    expect(speakerOf(paragraphs, 'I congratulate')?.description).not.toBe('Marcus Delaney');
  });

  it('a quote in the words of "X, who warned that …" is X’s, not unattributed', () => {
    const paragraphs = [
      'He was joined by the party’s treasurer, Priya Raman, who warned that raising the threshold would “entrench a closed shop at the very top of the party” and urged the leadership to withdraw it.',
    ];
    expect(speakerOf(paragraphs, 'entrench a closed shop')).toEqual({ kind: 'named', description: 'Priya Raman' });
    // A relative clause that reports no speech gives the quote no speaker.
    const noSpeech = [
      'The plan, backed by Priya Raman, who chairs the board, would create “a closed shop at the top of the party”.',
    ];
    expect(speakerOf(noSpeech, 'a closed shop')?.description).not.toBe('Priya Raman');
  });

  it('“…,” a spokesman said.', () => {
    const qs = extractQuotes(['“We will win the election outright,” a spokesman said.']);
    expect(qs).toHaveLength(1);
    expect(qs[0]?.text).toMatch(/^We will win the election outright,?$/);
    expect(qs[0]?.speaker).toEqual({ kind: 'spokesman', description: 'a spokesman' });
    expect(qs[0]?.scare).toBe(false);
  });

  it('X said: “…”', () => {
    expect(extractQuotes(['Jane Smithson said: “The party is ready for government.”'])).toEqual([
      {
        text: 'The party is ready for government.',
        speaker: { kind: 'named', description: 'Jane Smithson' },
        paragraph: 0,
        scare: false,
      },
    ]);
  });

  it('“…,” said X (inverted)', () => {
    expect(speakerOf(['“This plan will not work at all,” said John Prescott.'], 'This plan')).toEqual({
      kind: 'named',
      description: 'John Prescott',
    });
  });

  it('“…” he said, after a paragraph whose subject is the speaker', () => {
    const paragraphs = [
      'Mr Brown has warned colleagues about the plan.',
      'Unrelated paragraph about the economy and the weather.',
      '“We cannot afford another defeat like that,” he said.',
    ];
    expect(speakerOf(paragraphs, 'another defeat')).toEqual({ kind: 'named', description: 'Mr Brown' });
  });

  it('a spokesman named in one paragraph, quoted with straight quotes and "he said" in the next', () => {
    const paragraphs = [
      'A spokesman for Mr Miliband played down the idea.',
      '"The Liberal Democrats have been a prop, not a brake, on this government," he said.',
    ];
    expect(speakerOf(paragraphs, 'a prop, not a brake')).toEqual({
      kind: 'spokesman',
      description: 'A spokesman for Mr Miliband',
    });
  });

  it('a quote running over several paragraphs (no closing mark) keeps its speaker', () => {
    const paragraphs = [
      'A senior minister said: “This is the first paragraph of a long statement.',
      '“And this is the second paragraph of the same statement.',
      '“And this is the third and final paragraph of it.”',
      '“A new quote from nobody in particular is here,” the article noted.',
    ];
    const qs = extractQuotes(paragraphs);
    for (const fragment of ['first paragraph', 'second paragraph', 'third and final']) {
      expect(qs.find((q) => q.text.includes(fragment))?.speaker, fragment).toEqual({
        kind: 'anonymous',
        description: 'A senior minister',
      });
    }
    expect(qs.map((q) => q.paragraph)).toEqual([0, 1, 2, 3]);
  });

  it('a phrase opening with a preposition or a conjunction is nobody’s name (session 18)', () => {
    const [q] = extractQuotes([
      'The managing director is accused of running "a timetable of fiction" at a bruising select committee hearing, and admits taking a bonus.',
    ]);
    expect(q?.speaker).toEqual({ kind: 'reporter', description: 'unattributed' });
  });

  it('a scare quote is flagged and attributed to the sentence’s source', () => {
    const [q] = extractQuotes(['Many activists “hate” the leader, sources said.']);
    expect(q).toMatchObject({ text: 'hate', scare: true, speaker: { kind: 'anonymous', description: 'sources' } });
  });

  it('every extracted quote is verbatim in its paragraph, and unattributed ones say so', () => {
    const paragraphs = [
      'The report, which was “widely read across the whole country”, came out.',
      'No quotes here at all.',
    ];
    const qs = extractQuotes(paragraphs);
    expect(qs).toHaveLength(1);
    expect(paragraphs[qs[0]?.paragraph as number]).toContain(qs[0]?.text);
    expect(qs[0]?.speaker.kind).toBe('reporter');
  });
});

describe('tokens', () => {
  it('reads a by-election as one word however it is written, and not as an election', () => {
    for (const t of ['the Calder Moor by-election', 'the by election', 'the byelection']) {
      expect(words(t)).toContain('byelection');
      expect(words(t)).not.toContain('election');
    }
    expect(words('the general election and two by-elections')).toEqual([
      'the',
      'general',
      'election',
      'and',
      'two',
      'byelections',
    ]);
  });
});

describe('quote speakers by pronoun', () => {
  it('"… she said" is the last person named before the quote whose title fits, even across a paragraph', () => {
    const paras = [
      'Layla Moran, the MP for Oxford West, is backing Sir Vince. “Vince has the experience,” she said.',
      'At the hustings, Sir Vince Cable said the party should campaign for a referendum.',
      '“We are the only party that is honest about Brexit,” he said.',
    ];
    const known = new Set(['Layla Moran', 'Sir Vince', 'Sir Vince Cable']);
    const quotes = extractQuotes(paras, (who) => known.has(who));
    expect(quotes.map((q) => q.speaker.description)).toEqual(['Layla Moran', 'Sir Vince Cable']);
  });
});

describe('people the NLP half-knows', () => {
  it('finds "Sajid Javid" as a person when the article also calls him "Mr Javid"', async () => {
    const { analyseArticle } = await import('../../src/core/nlp/analyse.js');
    const a = await analyseArticle(
      'Javid in line\n\nOne former minister said Sajid Javid, the Communities Secretary, would be the likeliest successor.\n\nAllies of Mr Javid played down the suggestion.',
    );
    expect(a.people).toContain('Sajid Javid');
    expect(a.descriptions).toContainEqual(
      expect.objectContaining({ name: 'Sajid Javid', description: 'the Communities Secretary' }),
    );
  });

  it("does not carry a paragraph's source over to a sentence with a named subject of its own", async () => {
    const { analyseArticle } = await import('../../src/core/nlp/analyse.js');
    const a = await analyseArticle(
      'Fuel duty delayed\n\nThe Office for Budget Responsibility said the delay would add £1.1 billion to borrowing. The RAC motoring group welcomed the decision. It said drivers would benefit.\n\nLabour\'s shadow chancellor, Anita Rowe, said the climbdown showed the government had "lost control of its own party".',
    );
    const sourceOf = (start: string) => a.sentences.find((x) => x.text.startsWith(start))?.source?.description;
    expect(sourceOf('The Office for Budget')).toBe('The Office for Budget Responsibility');
    expect(sourceOf('The RAC motoring group')).toBeUndefined();
    // Nor to a pronoun after it: "It" is the RAC now, which is no source the analyser knows.
    expect(sourceOf('It said drivers')).toBeUndefined();
    expect(a.descriptions).toContainEqual(
      expect.objectContaining({ name: 'Anita Rowe', description: "Labour's shadow chancellor" }),
    );
  });

  it('describes a person by the role written straight before the name, with no comma', async () => {
    const { analyseArticle } = await import('../../src/core/nlp/analyse.js');
    const a = await analyseArticle(
      'Minister quits\n\nThe housing minister Philippa Marchbank resigned on Friday after a newspaper reported that she had dined with a developer.\n\nMs Marchbank said she had done nothing wrong.',
    );
    expect(a.descriptions).toContainEqual(
      expect.objectContaining({ name: 'Philippa Marchbank', description: 'the housing minister' }),
    );
  });
});
