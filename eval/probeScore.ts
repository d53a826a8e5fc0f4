/**
 * Scores a probe round (tests/fixtures/probes/session20: invented articles and the questions a user would ask of
 * them) automatically: each article is asked in a knowledge base of its own (with the seed article), as a new user
 * meets it. Right = the reply's status is the one expected; an answer must also agree with the gold one by token F1
 * ≥ 0.5 (SQuAD's normalisation, eval/lib.ts) or be contained in it, and a yes/no answer must start with the gold's
 * yes or no.
 *
 *   npx tsx eval/probeScore.ts tests/fixtures/probes/session20 round5-questions.jsonl [--show]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { servicesWithArticles } from '../tests/core/helpers.js';
import { type ProbeQuestion, probeRight } from './lib.js';

const [dir, file = 'questions.jsonl'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (!dir) throw new Error('usage: probeScore.ts DIR [QUESTIONS.jsonl] [--show]');
const show = process.argv.includes('--show');
const questions = readFileSync(join(dir, file), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as ProbeQuestion);
let right = 0;
let traps = 0;
let trapsAbstained = 0;
let wrongAnswers = 0;
for (const article of [...new Set(questions.map((q) => q.file))]) {
  const services = await servicesWithArticles([join(dir, article)], 'whip-probe-score-');
  for (const q of questions.filter((x) => x.file === article)) {
    const r = services.engine.ask(q.q);
    const got = String(r.answer ?? '');
    const ok = probeRight(q, r.status, got);
    if (q.expect === 'unknown') {
      traps++;
      if (ok) trapsAbstained++;
    }
    if (ok) right++;
    else if (r.status !== 'unknown') wrongAnswers++;
    if (show)
      console.log(`${ok ? 'ok   ' : 'WRONG'} [${q.expect}->${r.status}] ${q.q} | gold: ${q.answer} | got: ${got}`);
  }
}
console.log(
  `right ${right}/${questions.length}; traps abstained ${trapsAbstained}/${traps}; wrong answers given ${wrongAnswers}`,
);
process.exit(0);
