/**
 * One definition of a person's title (src/core/nlp/titles.ts): patterns elsewhere are built from its lists, so
 * "Dame" or "Baroness" added there reaches every pattern. Source scan: no hand-written alternation of titles.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifySpeaker } from '../../src/core/nlp/attribution.js';
import { extractQuotes } from '../../src/core/nlp/quotes.js';
import {
  FEMALE_HONORIFICS,
  HONORIFICS,
  isPersonTitle,
  MALE_HONORIFICS,
  titledSurnames,
  withoutTitle,
} from '../../src/core/nlp/titles.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HOME = 'src/core/nlp/titles.ts';
const TITLE_WORD = '(?:Mr|Mrs|Ms|Dr|Sir|Lord|Lady|Dame|Baroness)';
/** `Mr|Mrs`, `|Dame)`, `'Mr'`, "Mr Mrs Ms": a list of titles written out by hand. */
const HAND_WRITTEN = new RegExp(
  String.raw`\b${TITLE_WORD}\|${TITLE_WORD}\b|\|${TITLE_WORD}\)|['"]${TITLE_WORD}['"]|\b${TITLE_WORD} ${TITLE_WORD} ${TITLE_WORD}\b|\`${TITLE_WORD} \$\{`,
);

/** A template placeholder's opening, spelled so that it is not one. */
const DOLLAR_BRACE = '$' + '{';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe("a person's title", () => {
  it('the scan finds hand-written title lists (the checker itself works)', () => {
    expect(HAND_WRITTEN.test('/^(?:Mr|Sir|Lord)\\s/')).toBe(true);
    expect(HAND_WRITTEN.test(`aliases.push(\`Mr ${DOLLAR_BRACE}surname})`)).toBe(true);
    expect(HAND_WRITTEN.test("'Supporters Mr Mrs Ms President'")).toBe(true);
    expect(HAND_WRITTEN.test(`secretary|${DOLLAR_BRACE}HONORIFIC})`)).toBe(false);
    expect(HAND_WRITTEN.test('// "Mr Miliband is said to have refused"')).toBe(false);
  });

  it('is defined once: no other source file writes out a list of titles', () => {
    const offenders: string[] = [];
    for (const dir of ['src', 'commands']) {
      for (const file of files(join(ROOT, dir))) {
        const rel = relative(ROOT, file);
        if (rel === HOME) continue;
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (!/^\s*(?:\/\/|\*|\/\*\*)/.test(line) && HAND_WRITTEN.test(line)) offenders.push(`${rel}:${i + 1}`);
          });
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the lists and helpers agree', () => {
    for (const t of [...MALE_HONORIFICS, ...FEMALE_HONORIFICS]) expect(HONORIFICS).toContain(t);
    expect(isPersonTitle('Baroness')).toBe(true);
    expect(withoutTitle('Dame Margaret Hodge')).toBe('Margaret Hodge');
    expect(titledSurnames('Moran')).toEqual(['Mr Moran', 'Ms Moran', 'Mrs Moran']);
  });

  it('patterns built from the lists still work: a titled speaker, and "she" is not Mr Farron', () => {
    expect(classifySpeaker('Baroness Kramer').kind).toBe('named');
    expect(classifySpeaker('a friend of Dame Margaret').kind).toBe('anonymous');
    const known = () => true;
    const she = extractQuotes(['Layla Moran is backing Mr Farron. “We will win here,” she said.'], known);
    expect(she.map((q) => q.speaker.description)).toEqual(['Layla Moran']);
    const he = extractQuotes(['Mr Farron is backing Baroness Kramer. “We will win here,” he said.'], known);
    expect(he.map((q) => q.speaker.description)).toEqual(['Mr Farron']);
  });
});
