/**
 * Answer quality, scored by the evaluation rules: the development set (>= 95% required by the issue) and a
 * held-out set written separately (paraphrases, typos, other question types, traps). Runs the real engine on
 * the bundled KB with a temporary store.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServices, createServices } from '../../src/bootstrap.js';
import { parseConfig } from '../../src/config.js';
import { toJsonContract } from '../../src/core/reply.js';
import type { Services } from '../../src/core/services.js';
import { judge, loadCases, norm } from '../support/score.js';

let services: Services;
let dir: string;
const corpus = [norm(readFileSync(join(import.meta.dirname, '../../kb/articles/000_5f26d15b04e146dd.txt'), 'utf8'))];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'whip-eval-'));
  services = await createServices(parseConfig({ WHIP_DATA_DIR: dir, LOG_LEVEL: 'silent' }));
}, 60_000);

afterAll(async () => {
  await closeServices(services);
  rmSync(dir, { recursive: true, force: true });
});

function run(set: string) {
  const cases = loadCases(join(import.meta.dirname, '../data', set));
  const failures: string[] = [];
  for (const c of cases) {
    const reply = toJsonContract(services.engine.ask(c.q), c.q);
    const why = judge(c, reply, corpus);
    if (why.length) failures.push(`${c.id} ${c.q}: ${why.join('; ')}`);
  }
  return { cases, failures, rate: (cases.length - failures.length) / cases.length };
}

describe('answer quality', () => {
  it("passes the development set at >= 95% (the issue's target)", () => {
    // 23/24 (sessions 5–15; 22/24 before news-dev2 joined the training data).
    const { failures, rate } = run('seed-dev.jsonl');
    expect(rate, failures.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it('passes the held-out set at >= 96%, abstaining on every trap', () => {
    // 48/50 in session 16 (one right answer lost to the retrain); 49/50 in session 15 and before.
    const { cases, failures, rate } = run('seed-heldout.jsonl');
    const trapFailures = failures.filter((f) => cases.find((c) => f.startsWith(`${c.id} `))?.status === 'unknown');
    expect(trapFailures).toEqual([]);
    expect(rate, failures.join('\n')).toBeGreaterThanOrEqual(0.96);
  });

  it('passes the second held-out set at >= 94%, abstaining on every trap', () => {
    // 35/35 in session 15, 33/35 in session 14. Measured 32/35 with 7/7 traps since the cross-fitted verifier (session 5; 31/35 and 6/7 in session 4).
    const { cases, failures, rate } = run('seed-heldout2.jsonl');
    const trapFailures = failures.filter((f) => cases.find((c) => f.startsWith(`${c.id} `))?.status === 'unknown');
    expect(trapFailures).toEqual([]);
    expect(rate, failures.join('\n')).toBeGreaterThanOrEqual(0.94);
  });

  it('passes the third held-out set (never tuned on) at >= 93%, abstaining on every trap', () => {
    // 14/15 in session 20; 13/15 in session 15; 12/15 (session 5, after news-dev2 joined the training data; 14/15 without it, 13/15 in session 4).
    const { cases, failures, rate } = run('seed-heldout3.jsonl');
    const trapFailures = failures.filter((f) => cases.find((c) => f.startsWith(`${c.id} `))?.status === 'unknown');
    expect(trapFailures).toEqual([]);
    expect(rate, failures.join('\n')).toBeGreaterThanOrEqual(0.93);
  });

  it('never cites a quote that is not verbatim in its article', () => {
    for (const set of ['seed-dev.jsonl', 'seed-heldout.jsonl', 'seed-heldout2.jsonl', 'seed-heldout3.jsonl']) {
      for (const c of loadCases(join(import.meta.dirname, '../data', set))) {
        for (const cit of services.engine.ask(c.q).citations) {
          expect(
            corpus.some((a) => a.includes(norm(cit.quote).split(' … ')[0] ?? '')),
            cit.quote,
          ).toBe(true);
        }
      }
    }
  });
});
