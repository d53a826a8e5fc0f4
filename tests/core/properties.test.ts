/**
 * Property tests (fast-check) against the real engine on the bundled KB: any string up to 2,000 characters
 * gets a well-formed reply without a throw, through the engine and through the dispatcher.
 * (fast-check 4 dropped fc.fullUnicodeString: fc.string({ unit: 'binary' }) is its replacement.)
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleCaller } from '../../src/adapters/console/repl.js';
import { closeServices } from '../../src/bootstrap.js';
import { dispatch } from '../../src/core/commands/dispatch.js';
import { parseCommandLine } from '../../src/core/commands/parseText.js';
import type { Reply } from '../../src/core/reply.js';
import type { Services } from '../../src/core/services.js';
import { bundledArticles, isVerbatim, realServices, removeTempDirs } from './helpers.js';

const RUNS = Number(process.env.WHIP_PROP_RUNS ?? 200);
const STATUSES = ['answered', 'contested', 'unknown'];

let services: Services;
let articles: Map<string, string>;

beforeAll(async () => {
  services = await realServices();
  articles = bundledArticles();
}, 120_000);
afterAll(async () => {
  await closeServices(services);
  removeTempDirs();
});

/** Everything a reply to a question must satisfy. */
function checkReply(reply: Reply, question: string): void {
  const where = `for ${JSON.stringify(question.slice(0, 200))}`;
  expect(STATUSES, where).toContain(reply.status);
  expect(reply.answer === null, `${where}: answer null iff unknown`).toBe(reply.status === 'unknown');
  if (reply.answer !== null) {
    expect(typeof reply.answer).toBe('string');
    expect(reply.answer.length, where).toBeLessThanOrEqual(120);
    expect(reply.answer.trim().length, where).toBeGreaterThan(0);
  }
  expect(typeof reply.text).toBe('string');
  expect(reply.text.length, where).toBeLessThanOrEqual(1500);
  expect(reply.text.trim().length, where).toBeGreaterThan(0);
  expect(reply.confidence, where).toBeGreaterThanOrEqual(0);
  expect(reply.confidence, where).toBeLessThanOrEqual(1);
  if (reply.status !== 'unknown') expect(reply.citations.length, `${where}: answers cite`).toBeGreaterThan(0);
  for (const c of reply.citations) {
    const text = articles.get(c.source);
    expect(text, `${where}: citation of unknown article ${c.source}`).toBeDefined();
    expect(isVerbatim(c.quote, text as string), `${where}: not verbatim: ${c.quote}`).toBe(true);
  }
  // The JSON contract must serialise.
  expect(() => JSON.stringify(reply)).not.toThrow();
}

/** Words from the KB (names, aliases, scenario aliases) and question words, to hit the engine's real paths. */
function kbWords(): string[] {
  const k = services.engine.k;
  const names = [...k.entities.values()].flatMap((e) => [e.name, ...e.aliases]);
  const scen = [...k.scenarios.values()].flatMap((s) => [s.name, ...s.aliases]);
  return [
    ...names,
    ...scen,
    ...'who what when where why how many long which would could is did said say under if formed coalition majority pact wud dpm u r the a of in Lib-Lab Lab-Lib seats 106 2010 2015 weather Bedford secret plan spokesman'.split(
      ' ',
    ),
  ];
}

/** User, role and broadcast mentions as Discord and Slack deliver them. */
const MENTIONS = ['@everyone', '@here', '<@123>', '<@!456789>', '<@&42>', '<!channel>', '<!here>', '<!subteam^S123>'];
const PUNCT = [
  '?',
  '!',
  '.',
  ',',
  ';',
  ':',
  '"',
  '“',
  '”',
  '‘',
  '’',
  "'",
  '–',
  '—',
  '…',
  '...',
  '(',
  ')',
  '-',
  '/',
  '\\',
  '`',
  '```',
  '*',
  '_',
  '~',
  '\n',
  '\t',
  '\u00a0',
  '\u200b',
  '\u0000',
];

function mixed(): fc.Arbitrary<string> {
  const token = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...kbWords()) },
    { weight: 2, arbitrary: fc.constantFrom(...MENTIONS, '<#C123|general>', '<https://example.org|link>') },
    { weight: 3, arbitrary: fc.constantFrom(...PUNCT) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
    { weight: 1, arbitrary: fc.integer({ min: -10, max: 100000 }).map(String) },
  );
  return fc
    .tuple(fc.array(token, { maxLength: 80 }), fc.constantFrom(' ', '', '  ', '\n'))
    .map(([tokens, sep]) => tokens.join(sep).slice(0, 2000));
}

const generators: [string, () => fc.Arbitrary<string>][] = [
  ['fc.string', () => fc.string({ maxLength: 2000 })],
  ['full unicode (unit: binary)', () => fc.string({ unit: 'binary', maxLength: 2000 })],
  ['KB words, mentions, quotes and punctuation', mixed],
];

describe.each(generators)('any %s of up to 2,000 characters', (_name, gen) => {
  it('services.engine.ask returns a valid reply without throwing', () => {
    fc.assert(
      fc.property(gen(), (q) => {
        checkReply(services.engine.ask(q), q);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('dispatch(ask) returns a valid reply without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(gen(), async (q) => {
        const reply = await dispatch(
          services.commands,
          { command: 'ask', args: { question: q } },
          consoleCaller(services),
        );
        if (q === '') {
          // A missing question is a usage error, still a well-formed reply.
          expect(reply).toMatchObject({ kind: 'error', answer: null, ephemeral: true });
          return;
        }
        expect(reply.kind, JSON.stringify(q.slice(0, 100))).toBe('answer');
        checkReply(reply, q);
        expect(typeof reply.questionId).toBe('number');
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('parseCommandLine never throws and names a declared command unless the line is a mistyped /command', () => {
    const names = services.commands.map((c) => c.name);
    fc.assert(
      fc.property(gen(), (line) => {
        const inv = parseCommandLine(services.commands, line);
        if (!names.includes(inv.command)) {
          // "/frobnicate …": passed on as typed so the dispatcher can say "unknown command".
          expect(line.trim().toLowerCase().startsWith(`/${inv.command}`)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});

describe('known questions, reshaped', () => {
  it('case, spacing and mention noise around a known question keep a valid, cited reply', () => {
    const base = ['who is DPM under Lib-Lab?', 'How many target seats has Labour identified?', 'Who is Nick Clegg?'];
    fc.assert(
      fc.property(
        fc.constantFrom(...base),
        fc.constantFrom(...MENTIONS, ''),
        fc.boolean(),
        fc.constantFrom(' ', '  ', '\t'),
        (q, mention, upper, space) => {
          const asked = `${mention} ${(upper ? q.toUpperCase() : q).replace(/ /g, space)}`;
          const reply = services.engine.ask(asked);
          checkReply(reply, asked);
          const plain = services.engine.ask(q);
          // Noise does not turn an answer into an abstention or change the short answer.
          expect(reply.status, asked).toBe(plain.status);
          expect(reply.answer, asked).toBe(plain.answer);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
