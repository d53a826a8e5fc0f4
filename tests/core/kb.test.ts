import { appendFileSync, cpSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAndCheck } from '../../src/core/kb/check.js';
import { KbError, KbProblem } from '../../src/core/kb/errors.js';
import { loadCuratedKb } from '../../src/core/kb/load.js';
import { fold, locateVerbatim, prepareArticle } from '../../src/core/kb/text.js';
import { KB_DIR, ROOT, removeTempDirs, runWhip, STACK_TRACE, tempDir } from './helpers.js';

const MINI = join(ROOT, 'tests/fixtures/kb-broken-mini');

/** 1-based line of the only line of `file` that contains `needle` (after `after`, if given). */
function lineOf(file: string, needle: string, after = 0): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const hits = lines.map((l, i) => (i + 1 > after && l.includes(needle) ? i + 1 : 0)).filter(Boolean);
  if (hits.length !== 1) throw new Error(`"${needle}" found ${hits.length} times in ${file} after line ${after}`);
  return hits[0] as number;
}

function linesOfFile(file: string): number {
  return readFileSync(file, 'utf8').split('\n').length;
}

/** `path:line: message` lines, with the path resolved against the cwd it was printed from. */
function parseProblemLines(text: string, cwd: string): { file: string; line: number; message: string }[] {
  return text
    .split('\n')
    .map((l) => l.replace(/^kb: /, ''))
    .map((l) => /^(.+?):(\d+): (.+)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ file: resolve(cwd, m[1] as string), line: Number(m[2]), message: m[3] as string }));
}

interface Expected {
  file: string;
  line: number;
  message: RegExp;
}

/**
 * A copy of the bundled kb/ broken in several ways. New broken items are appended, so the rest stays valid;
 * the expected line of each problem is found in the broken files themselves.
 */
function makeBrokenKb(): { dir: string; expected: Expected[] } {
  const dir = tempDir('whip-kb-broken-');
  cpSync(KB_DIR, dir, { recursive: true });
  const entities = join(dir, 'curated/entities.yaml');
  const claims = join(dir, 'curated/claims.yaml');
  const quotes = join(dir, 'curated/quotes.yaml');
  const evidence = 'a secret plan to allow Nick Clegg to remain Deputy Prime Minister';

  const entitiesStart = linesOfFile(entities);
  appendFileSync(
    entities,
    [
      '',
      '- id: wizard-entity',
      '  type: wizard',
      '  name: Gandalf the Grey',
      '- id: nicholas-cleggson',
      '  type: person',
      '  name: Nicholas Cleggson',
      '  aliases: [Cleggson, Clegg]',
      '',
    ].join('\n'),
  );
  const claimsStart = linesOfFile(claims);
  const claim = (id: string, lines: string[], quote = evidence) => [
    `- id: ${id}`,
    ...lines,
    '  modality: is',
    '  statement: A test claim.',
    '  answer: Test',
    '  attribution: { kind: reporter, description: the article }',
    '  evidence:',
    '    - article: miliband-clegg-lib-lab-pact-2014-04',
    `      quote: ${quote}`,
  ];
  appendFileSync(
    claims,
    [
      '',
      ...claim('clegg-is-dpm', ['  kind: role', '  subject: nick-clegg', '  role: deputy-prime-minister']),
      ...claim('ghost-subject-claim', ['  kind: fact', '  subject: nobody-at-all']),
      ...claim('unknown-scenario-claim', ['  kind: fact', '  subject: nick-clegg', '  scenario: tory-ukip-pact']),
      ...claim(
        'invented-evidence-claim',
        ['  kind: fact', '  subject: nick-clegg'],
        'Nick Clegg will definitely become Prime Minister next week',
      ),
      '',
    ].join('\n'),
  );
  const quotesStart = linesOfFile(quotes);
  appendFileSync(
    quotes,
    [
      '- id: broken-yaml-quote',
      '  article: miliband-clegg-lib-lab-pact-2014-04',
      '  text: this: is not valid yaml',
      '  speaker: { kind: anonymous, description: nobody }',
      '',
    ].join('\n'),
  );

  const rel = (f: string) => f;
  const expected: Expected[] = [
    { file: rel(entities), line: lineOf(entities, 'type: wizard', entitiesStart), message: /type/ },
    {
      file: rel(entities),
      line: lineOf(entities, 'aliases: [Cleggson, Clegg]', entitiesStart),
      message: /alias "Clegg" already names "nick-clegg"/,
    },
    {
      file: rel(claims),
      line: lineOf(claims, '- id: clegg-is-dpm', claimsStart),
      message: /duplicate id "clegg-is-dpm" \(first defined at .*claims\.yaml:\d+\)/,
    },
    {
      file: rel(claims),
      line: lineOf(claims, 'subject: nobody-at-all', claimsStart),
      message: /unknown entity "nobody-at-all"/,
    },
    {
      file: rel(claims),
      line: lineOf(claims, 'scenario: tory-ukip-pact', claimsStart),
      message: /unknown scenario "tory-ukip-pact"/,
    },
    {
      file: rel(claims),
      line: lineOf(claims, 'will definitely become Prime Minister', claimsStart),
      message: /not verbatim/,
    },
    { file: rel(quotes), line: lineOf(quotes, 'text: this: is not valid yaml', quotesStart), message: /^YAML: / },
  ];
  return { dir, expected };
}

let broken: { dir: string; expected: Expected[] };
beforeAll(() => {
  broken = makeBrokenKb();
});
afterAll(() => removeTempDirs());

describe('the bundled kb/', { timeout: 120_000 }, () => {
  it('checks clean and has content in every layer', () => {
    const { kb, problems } = loadAndCheck(KB_DIR);
    expect(problems.map(String)).toEqual([]);
    expect(kb.articles.length).toBeGreaterThan(0);
    expect(kb.entities.length).toBeGreaterThan(0);
    expect(kb.scenarios.length).toBeGreaterThan(0);
    expect(kb.claims.length).toBeGreaterThan(0);
    expect(kb.quotes.length).toBeGreaterThan(0);
  });

  it('every evidence quote and curated quote is verbatim in its article (independent check)', () => {
    const { kb } = loadCuratedKb(KB_DIR);
    const texts = new Map(kb.articles.map((a) => [a.meta.id, prepareArticle(a.text)]));
    for (const c of kb.claims) {
      for (const ev of c.value.evidence) {
        const article = texts.get(ev.article);
        expect(article, `${c.value.id}: article ${ev.article}`).toBeDefined();
        expect(locateVerbatim(article as ReturnType<typeof prepareArticle>, ev.quote), `${c.value.id}`).not.toBeNull();
      }
    }
    for (const q of kb.quotes) {
      const article = texts.get(q.value.article);
      expect(locateVerbatim(article as ReturnType<typeof prepareArticle>, q.value.text), q.value.id).not.toBeNull();
    }
  });

  it('`whip kb check` exits 0', async () => {
    const r = await runWhip(['kb', 'check', '--dir', KB_DIR]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/is valid/);
  });
});

describe('verbatim location (text.ts)', () => {
  const article = prepareArticle(
    'Mr Miliband is determined not to repeat the “mistake” made by Gordon Brown.\n\nThe Tories – and Labour’s  leaders – agree.',
  );

  it('folds curly quotes, dashes and whitespace, and returns the article’s own characters', () => {
    expect(locateVerbatim(article, 'not to repeat the "mistake" made')).toBe('not to repeat the “mistake” made');
    expect(locateVerbatim(article, "The Tories - and Labour's leaders - agree")).toBe(
      'The Tories – and Labour’s  leaders – agree',
    );
    expect(locateVerbatim(article, 'GORDON   BROWN')).toBe('Gordon Brown');
    expect(locateVerbatim(article, 'Brown.\n The Tories')).toBe('Brown.\n\nThe Tories');
  });

  it('strips surrounding quote marks and joins ellipsis-separated parts', () => {
    expect(locateVerbatim(article, '“Mr Miliband is determined”')).toBe('Mr Miliband is determined');
    expect(locateVerbatim(article, 'Mr Miliband … made by Gordon Brown')).toBe('Mr Miliband … made by Gordon Brown');
    expect(locateVerbatim(article, 'Mr Miliband ... agree')).toBe('Mr Miliband … agree');
  });

  it('rejects what is not there', () => {
    expect(locateVerbatim(article, 'Mr Miliband is determined to repeat')).toBeNull();
    expect(locateVerbatim(article, 'Mr Miliband … Nick Clegg')).toBeNull();
    expect(locateVerbatim(article, '  "" ')).toBeNull();
    expect(fold('  A\u00a0“B”  –  C ')).toBe('a "b" - c');
  });
});

describe('a KB with problems at known lines (static fixture)', () => {
  it('reports every problem as `file:line: message` with the right line, in file order', () => {
    const { problems } = loadAndCheck(MINI);
    const found = problems.map((p) => ({ file: resolve(p.file), line: p.line, message: p.message }));
    const at = (file: string, line: number, message: RegExp) =>
      expect(
        found.some((p) => p.file === join(MINI, file) && p.line === line && message.test(p.message)),
        `${file}:${line} ${message}`,
      ).toBe(true);
    at('articles.yaml', 7, /articles\/does-not-exist\.txt does not exist/);
    at('articles.yaml', 14, /published\.date/);
    at('curated/entities.yaml', 9, /ids are lower-case/);
    at('curated/entities.yaml', 15, /alias "Smith" already names "jane-smith"/);
    at('curated/scenarios.yaml', 4, /party "no-such-party" is not a known party id/);
    at('curated/claims.yaml', 30, /unknown article "no-such-article"/);
    at('curated/quotes.yaml', 5, /unknown entity or scenario "nowhere-land"/);
    expect(problems).toHaveLength(7);
    for (const p of problems) expect(String(p)).toBe(`${p.file}:${p.line}: ${p.message}`);
    const order = problems.map((p) => `${p.file}\u0000${String(p.line).padStart(6, '0')}`);
    expect(order).toEqual([...order].sort((a, b) => a.localeCompare(b)));
  });

  it('keeps the valid items: folded evidence passes, broken items are dropped', () => {
    const { kb } = loadAndCheck(MINI);
    expect(kb.claims.map((c) => c.value.id).sort()).toEqual(['folded-quote-ok', 'smith-is-mayor']);
    expect(kb.entities.map((e) => e.value.id).sort()).toEqual(['jane-smith', 'mayor']);
    expect(kb.scenarios).toEqual([]);
    expect(kb.quotes).toEqual([]);
    // The evidence is rewritten to the article's own characters (surrounding quote marks dropped).
    expect(kb.claims.find((c) => c.value.id === 'folded-quote-ok')?.value.evidence[0]?.quote).toBe(
      'We are – at last – ready to open it,” a council spokesman said.',
    );
  });

  it('KbError renders its problems one per line', () => {
    const err = new KbError([new KbProblem('kb/a.yaml', 3, 'bad'), new KbProblem('kb/b.yaml', 9, 'worse')]);
    expect(err.message).toBe('kb/a.yaml:3: bad\nkb/b.yaml:9: worse');
  });
});

describe.concurrent('a copy of kb/ broken in several ways', { timeout: 120_000 }, () => {
  it('reports every problem as `path:line: message` with the right line', () => {
    const { problems } = loadAndCheck(broken.dir);
    const found = problems.map((p) => ({ file: resolve(p.file), line: p.line, message: p.message }));
    for (const e of broken.expected) {
      const hit = found.find((p) => p.file === e.file && p.line === e.line && e.message.test(p.message));
      expect(hit, `expected ${e.file}:${e.line}: ${e.message} among\n${problems.map(String).join('\n')}`).toBeDefined();
    }
    // Nothing else is reported: the untouched remainder is valid.
    expect(problems).toHaveLength(broken.expected.length);
  });

  it('`whip kb check --dir <broken>` exits non-zero and prints those lines, with no stack trace', async () => {
    const cwd = tempDir('whip-kb-cwd-');
    const r = await runWhip(['kb', 'check', '--dir', broken.dir], { cwd });
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBeNull();
    expect(`${r.stdout}\n${r.stderr}`).not.toMatch(STACK_TRACE);
    const printed = parseProblemLines(r.stdout, cwd);
    for (const e of broken.expected) {
      expect(
        printed.some((p) => p.file === e.file && p.line === e.line && e.message.test(p.message)),
        `${e.file}:${e.line} ${e.message} in:\n${r.stdout}`,
      ).toBe(true);
    }
    expect(printed).toHaveLength(broken.expected.length);
    expect(r.stderr).toMatch(new RegExp(`${broken.expected.length} problem`));
  });

  it('the engine/CLI started on the broken KB reports the problems and still answers from the valid remainder', async () => {
    const cwd = tempDir('whip-kb-cwd-');
    const r = await runWhip(['ask', '--json', 'who would be DPM under Lib-Lab?'], {
      cwd,
      env: { WHIP_KB_DIR: broken.dir },
    });
    expect(r.code).toBe(0);
    expect(`${r.stdout}\n${r.stderr}`).not.toMatch(STACK_TRACE);
    const reported = parseProblemLines(r.stderr, cwd);
    for (const e of broken.expected) {
      expect(reported.some((p) => p.file === e.file && p.line === e.line)).toBe(true);
    }
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const reply = JSON.parse(lines[0] as string);
    expect(['answered', 'contested']).toContain(reply.status);
    expect(reply.answer).toMatch(/Clegg/);
    expect(reply.answer).not.toMatch(/Cleggson/);
    expect(reply.citations.length).toBeGreaterThan(0);
  });

  it('the broken items themselves are gone from the engine (the ambiguous alias and the invented claim)', async () => {
    const r = await runWhip(['ask', '--json', 'who is Nicholas Cleggson?'], { env: { WHIP_KB_DIR: broken.dir } });
    expect(r.code).toBe(0);
    const reply = JSON.parse(r.stdout.trim());
    expect(reply.status).toBe('unknown');
    expect(reply.answer).toBeNull();
  });
});
