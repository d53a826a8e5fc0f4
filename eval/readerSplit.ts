/**
 * `npm run eval:reader`: the reader on its own, for deciding on reader features without touching held-out data.
 * Fits the reader (same fitter and settings as `npm run train`) on seven of the ten SQuAD TRAINING articles plus
 * the older project sets, and reports how well it picks a span on (a) the other three training articles
 * (Steam_engine, Warsaw, Yuan_dynasty: the last three by name) and (b) paraphrase-dev + news-dev. The held-out
 * SQuAD articles and the blind sets are never read. Figures: mean F1 of the picked span, the share with F1 >= 0.5,
 * the oracle (a candidate with F1 >= 0.5 exists) and the pick rate when the oracle holds.
 */
import { join } from 'node:path';
import { FeatureIndex, fitRanker, type RankExample, READER_FIT } from './fit.js';
import {
  answerMatches,
  bestF1,
  DATA,
  HELD_OUT,
  type ProjectCase,
  readJsonl,
  squadQuestions,
  trainingData,
} from './lib.js';

/** Training-set articles held back for this comparison (the last ones by name). */
const SPLIT_ARTICLES = 3;
/** The project's questions weigh as in eval/train.ts's reader. */
const PROJECT_WEIGHT = 3;

interface Item {
  spans: { f: [string, number][]; f1: number; right: boolean }[];
  group: 'fit' | 'squad-split' | 'project-split';
  weight: number;
}

const { squad, project, close } = await trainingData();
const articles = [...new Set(squadQuestions().map((q) => q.article))].filter((a) => !HELD_OUT.includes(a)).sort();
const split = articles.slice(-SPLIT_ARTICLES);
const items: Item[] = [];
for (const q of squadQuestions()) {
  if (HELD_OUT.includes(q.article) || !q.answers.length) continue;
  const r = squad.engine.inspect(q.q);
  if (!('reading' in r) || !r.reading) continue;
  items.push({
    group: split.includes(q.article) ? 'squad-split' : 'fit',
    weight: 1,
    spans: r.reading.spans.map((s) => {
      const f1 = bestF1(q.answers, s.text);
      return { f: [...s.features], f1, right: f1 >= 0.5 };
    }),
  });
}
for (const { kb, file } of project) {
  // The development sets written in session 4 are scored, not fitted.
  const group = file.includes('-dev/') ? 'project-split' : 'fit';
  for (const c of readJsonl<ProjectCase>(join(DATA, file))) {
    if (c.status === 'unknown') continue;
    const r = kb.engine.inspect(c.q);
    if (!('reading' in r) || !r.reading) continue;
    items.push({
      group,
      weight: PROJECT_WEIGHT,
      spans: r.reading.spans.map((s) => {
        const ok = answerMatches(c, s.text);
        return { f: [...s.features], f1: ok ? 1 : 0, right: ok };
      }),
    });
  }
}
const index = new FeatureIndex();
const examples: RankExample[] = [];
for (const it of items)
  if (it.group === 'fit' && it.spans.some((s) => s.right))
    examples.push({
      rows: it.spans.map((s) => index.row(s.f)),
      positive: it.spans.map((s) => s.right),
      weight: it.weight,
    });
const fit = fitRanker(examples, index.names.length, READER_FIT);
const w = new Map(index.names.map((n, i) => [n, fit.w[i] ?? 0]));

function report(name: string, group: Item['group']) {
  let n = 0;
  let f1 = 0;
  let right = 0;
  let oracle = 0;
  let pickedWhenOracle = 0;
  for (const it of items.filter((x) => x.group === group)) {
    n++;
    let best: Item['spans'][number] | undefined;
    let bestZ = Number.NEGATIVE_INFINITY;
    for (const s of it.spans) {
      let z = 0;
      for (const [k, v] of s.f) z += (w.get(k) ?? 0) * v;
      if (z > bestZ) {
        bestZ = z;
        best = s;
      }
    }
    f1 += best?.f1 ?? 0;
    if (best?.right) right++;
    if (it.spans.some((s) => s.right)) {
      oracle++;
      if (best?.right) pickedWhenOracle++;
    }
  }
  const pct = (x: number, d: number) => `${((100 * x) / Math.max(1, d)).toFixed(1)}%`;
  console.log(
    `${name}: ${n} questions, picked-span F1 ${(f1 / Math.max(1, n)).toFixed(3)}, right ${pct(right, n)}, oracle ${pct(oracle, n)}, right when the oracle holds ${pct(pickedWhenOracle, oracle)}`,
  );
}
console.log(
  `reader fitted on ${examples.length} questions, ${index.names.length} features, loss ${fit.loss.toFixed(3)}`,
);
report(`SQuAD training articles held back (${split.join(', ')})`, 'squad-split');
report('paraphrase-dev + news-dev', 'project-split');
await close();
