import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderText } from '../../src/adapters/console/renderText.js';
import { handleConsoleLine, runConsole } from '../../src/adapters/console/repl.js';
import { closeServices } from '../../src/bootstrap.js';
import { errorReply, infoReply, type Reply } from '../../src/core/reply.js';
import type { Services } from '../../src/core/services.js';
import { bundledArticles, isVerbatim, realServices, removeTempDirs, runWhip, STACK_TRACE, tempDir } from './helpers.js';

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

/** The numbered citation lines of rendered text: `[n] "quote"`. */
function renderedQuotes(text: string): string[] {
  return [...text.matchAll(/^\s+\[\d+\] "(.*)"(?: — .*)?$/gm)].map((m) => m[1] as string);
}

describe('handleConsoleLine', () => {
  it('`/ask who is DPM under Lib-Lab?` renders the answer with its citations', async () => {
    const out = await handleConsoleLine(services, '/ask who is DPM under Lib-Lab?');
    expect(out.split('\n')[0]).toMatch(/^(Answer|Contested): .*Clegg/);
    expect(out).toMatch(/Sources:/);
    const quotes = renderedQuotes(out);
    expect(quotes.length).toBeGreaterThan(0);
    const article = [...articles.values()][0] as string;
    for (const q of quotes) expect(isVerbatim(q, article), q).toBe(true);
    expect(out).toMatch(/\(confidence \d+%\)/);
  });

  it('a bare question gives the same reply as `/ask`', async () => {
    const bare = await handleConsoleLine(services, 'who is DPM under Lib-Lab?');
    const slash = await handleConsoleLine(services, '/ask who is DPM under Lib-Lab?');
    expect(bare).toBe(slash);
    const number = await handleConsoleLine(services, 'How many target seats has Labour identified?');
    expect(number.split('\n')[0]).toMatch(/^Answer: .*\b106\b/);
  });

  it('`/help` lists every command', async () => {
    const out = await handleConsoleLine(services, '/help');
    for (const c of services.commands) expect(out).toContain(c.name);
    expect(out).not.toMatch(/^!/);
    expect(await handleConsoleLine(services, 'help')).toBe(out);
  });

  it('a question outside the KB says so honestly, with suggestions', async () => {
    const out = await handleConsoleLine(services, 'what is the weather in Bedford?');
    expect(out.split('\n')[0]).toBe('Not in the knowledge base');
    expect(out).not.toMatch(/Sources:/);
    expect(out).not.toMatch(/confidence/);
  });

  it('`/who` with options, and a usage error when the role is missing', async () => {
    const out = await handleConsoleLine(services, '/who --role "Deputy Prime Minister" --scenario lib-lab');
    expect(out.split('\n')[0]).toMatch(/Clegg/);
    const err = await handleConsoleLine(services, '/who --scenario lib-lab');
    expect(err).toMatch(/^! `role` is required/);
  });

  // Known gap (src/core/commands/parseText.ts + repl.ts): a mistyped slash command is answered as a KB question
  // ("Not in the knowledge base … nothing about “frobnicate”") instead of saying it is not a command.
  it('an unknown slash command says it is not a command and points at /help', async () => {
    const out = await handleConsoleLine(services, '/frobnicate now');
    expect(out).toMatch(/unknown command|not a command/i);
    expect(out).toMatch(/help/);
  });

  it('blank lines and comments print nothing', async () => {
    expect(await handleConsoleLine(services, '')).toBe('');
    expect(await handleConsoleLine(services, '   ')).toBe('');
    expect(await handleConsoleLine(services, '# a comment')).toBe('');
  });

  it('runConsole answers each line and exits cleanly at end of input', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let written = '';
    output.on('data', (c) => {
      written += String(c);
    });
    const done = runConsole(services, input, output);
    input.end('/ask who is DPM under Lib-Lab?\n\n/help\n');
    await done;
    expect(written).toMatch(/Clegg/);
    expect(written).toMatch(/ask/);
    expect(written.indexOf('Clegg')).toBeLessThan(written.indexOf('Whip:'));
  });
});

describe('renderText', () => {
  it('errors, info and answers', () => {
    expect(renderText(errorReply('bad'))).toBe('! bad');
    expect(renderText(infoReply('Title', 'body'))).toBe('Title\n-----\nbody');
    const reply: Reply = {
      kind: 'answer',
      status: 'answered',
      answer: '106',
      text: 'Labour has identified 106 target seats.',
      citations: [{ source: 's1', quote: 'Labour has identified 106 target seats', title: 'T', asOf: 'April 2014' }],
      confidence: 0.95,
    };
    expect(renderText(reply)).toBe(
      [
        'Answer: 106',
        'Labour has identified 106 target seats.',
        'Sources:',
        // The text already shows the quote: the source says where it is from, not the quote again.
        '  [1] “T”, as of April 2014',
        '(confidence 95%)',
      ].join('\n'),
    );
    const elsewhere = { ...reply, text: 'Labour has 106 target seats.' };
    expect(renderText(elsewhere)).toContain(
      '  [1] "Labour has identified 106 target seats"\n      “T”, as of April 2014',
    );
  });
});

describe.concurrent('the CLI contract (built bin)', { timeout: 120_000 }, () => {
  const JSON_KEYS = ['question', 'status', 'answer', 'text', 'citations', 'confidence'];

  function checkJsonObject(o: Record<string, unknown>, question: string) {
    expect(Object.keys(o)).toEqual(JSON_KEYS);
    expect(o.question).toBe(question);
    expect(['answered', 'contested', 'unknown']).toContain(o.status);
    expect(o.answer === null).toBe(o.status === 'unknown');
    expect(typeof o.text).toBe('string');
    expect((o.text as string).length).toBeLessThanOrEqual(1500);
    expect(typeof o.confidence).toBe('number');
    for (const c of o.citations as Record<string, unknown>[]) {
      expect(Object.keys(c)).toEqual(['source', 'quote']);
      expect(isVerbatim(c.quote as string, articles.get(c.source as string) ?? '')).toBe(true);
    }
  }

  it('`echo "/ask who is DPM under Lib-Lab?" | whip start` prints an answer and exits 0 (no tokens)', async () => {
    const r = await runWhip(['start'], { input: '/ask who is DPM under Lib-Lab?\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^(Answer|Contested): .*Clegg/m);
    expect(r.stdout).toMatch(/Sources:/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('`whip ask "…"` prints the rendered reply', async () => {
    const r = await runWhip(['ask', 'How many target seats has Labour identified?']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^Answer: .*106/);
  });

  it('`whip ask --json "…"` prints exactly one JSON object with the contract keys', async () => {
    const question = 'who is DPM under Lib-Lab?';
    const r = await runWhip(['ask', '--json', question]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    const o = JSON.parse(lines[0] as string);
    checkJsonObject(o, question);
    expect(o.answer).toMatch(/Clegg/);
    expect(o.citations.length).toBeGreaterThan(0);
  });

  it('`whip ask --jsonl` prints one JSON line per input line, in order (empty and hostile lines included)', async () => {
    const inputs = [
      'How many target seats has Labour identified?',
      '',
      `<@123> @everyone <!channel> "; DROP TABLE questions; -- \${process.exit(1)} \u0000 ${'x'.repeat(300)}`,
      'what is the weather in Bedford?',
      'who wud be dpm under lab-lib',
      '{"question": "not json input"}',
    ];
    const r = await runWhip(['ask', '--jsonl'], { input: `${inputs.join('\n')}\n` });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    const lines = r.stdout.split('\n').filter((l, i, all) => !(l === '' && i === all.length - 1));
    expect(lines).toHaveLength(inputs.length);
    const objects = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    objects.forEach((o, i) => {
      checkJsonObject(o, inputs[i] as string);
    });
    expect(objects[0]?.answer).toMatch(/106/);
    expect(objects[1]).toMatchObject({ status: 'unknown', answer: null });
    expect(objects[2]).toMatchObject({ status: 'unknown', answer: null });
    expect(objects[3]).toMatchObject({ status: 'unknown', answer: null });
    expect(objects[4]?.answer).toMatch(/Clegg/);
  });

  it('`whip who --role … --scenario … --json`', async () => {
    const r = await runWhip(['who', '--role', 'Deputy Prime Minister', '--scenario', 'lib-lab', '--json']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(Object.keys(o)).toEqual(JSON_KEYS);
    expect(o.answer).toMatch(/Clegg/);
  });

  it.each([
    ['DISCORD_API_BASE', 'notaurl'],
    ['PORT', 'eighty'],
    ['WHIP_TIMEZONE', 'Atlantis/Lost'],
  ])('a malformed %s gives one clear stderr line and exit code 2, no stack trace', async (name, value) => {
    const r = await runWhip(['ask', 'who is DPM?'], { env: { [name]: value } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l.trim());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^config: ${name} `));
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('a malformed secret is named on stderr but never echoed', async () => {
    const secret = 'wrong-prefix-VERYSECRET-123';
    const r = await runWhip(['ask', 'who is DPM?'], { env: { SLACK_BOT_TOKEN: secret, SLACK_SIGNING_SECRET: 'sig' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SLACK_BOT_TOKEN/);
    expect(`${r.stdout}${r.stderr}`).not.toContain('VERYSECRET');
  });

  it('a missing question is a usage error with exit code 2', async () => {
    const r = await runWhip(['ask']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/`question` is required/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('a store that is not a database gives one clear line and a non-zero exit, no stack trace', async () => {
    const data = tempDir('whip-core-baddata-');
    writeFileSync(join(data, 'whip.sqlite'), 'not a database '.repeat(100));
    const r = await runWhip(['ask', 'who is DPM?'], { env: { WHIP_DATA_DIR: data } });
    expect(r.code).not.toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.trim())).toHaveLength(1);
    expect(r.stderr).toMatch(/store|database/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});
