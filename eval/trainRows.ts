/**
 * What `npm run train` reads, one line per training item: its index, fold group, whether it reaches the reader
 * (`read`) or a lane before retrieval answers it (`early`), how many candidate spans it has, and a hash of every
 * span's text, features and rightness with the verifier's features. Training is deterministic, so two versions of
 * the code that print the same lines train byte-for-byte the same weights: a change that keeps them is model-neutral
 * without a retrain (a reply rule, a yes/no rule, a lane no training question reaches).
 *
 *   EVAL_CACHE=<dir> npx tsx eval/trainRows.ts > a.tsv   (then the same on the other version, and `cmp`)
 */
import { createHash } from 'node:crypto';
import { trainingData } from './lib.js';
import { projectItems, squadItems } from './train.js';

const data = await trainingData([]);
const items = [...squadItems(data, () => true), ...projectItems(data, () => true)];
for (const [n, item] of items.entries()) {
  const r = item.inspect();
  const spans = r?.reading?.spans ?? [];
  const h = createHash('sha1');
  for (const s of spans) h.update(`${s.text}|${[...s.features].join(',')}|${item.right(s.text)}\n`);
  if (r?.verdict) h.update([...r.verdict.features].join(','));
  console.log(`${n}\t${item.group}\t${r ? 'read' : 'early'}\t${spans.length}\t${h.digest('hex').slice(0, 12)}`);
}
await data.close();
