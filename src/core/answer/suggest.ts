/** What the KB can answer, offered with an `unknown` reply: questions generated from the curated claims. */
import { scenarioPhrase, withArticle } from './format.js';
import type { Knowledge } from './knowledge.js';
import type { ParsedQuestion } from './parse.js';

/** Spokesmen whose words example questions ask about: more than a reply ever suggests, bounded on a large KB. */
const SPOKESMEN_SUGGESTED = 50;

/**
 * …found among the latest this many spokesman quotes (and the curated ones): finding the distinct speakers of
 * all 100,000 at 100,000 articles took 250 ms after every reload; a few days of news name every regular one.
 */
const SPOKESMAN_QUOTES_SCANNED = 5000;

/**
 * Entities looked at, in the knowledge's order (curated first), for "Who is X?" examples: a reply suggests three,
 * and those about the entities a question names are made when asked (suggestionsFor). A list over every entity
 * at 100,000 articles looked up ~300,000 entities and held as many questions.
 */
const ENTITIES_EXAMPLED = 1000;

const memo = new WeakMap<Knowledge, { q: string; about: string[] }[]>();

export function exampleQuestions(k: Knowledge): { q: string; about: string[] }[] {
  const cached = memo.get(k);
  if (cached) return cached;
  const out: { q: string; about: string[] }[] = [];
  for (const c of k.claims) {
    const about = [c.subject, c.object, c.role, c.of, c.scenario].filter(Boolean) as string[];
    if (c.kind === 'role' && c.role) {
      const role = k.entities.get(c.role)?.name ?? c.role;
      const scenario = c.scenario ? k.scenarios.get(c.scenario) : undefined;
      const of = c.of ? k.entities.get(c.of)?.name : undefined;
      if (c.role === 'party-leader' && of) out.push({ q: `Who leads ${withArticle(of)}?`, about });
      else if (scenario)
        out.push({ q: `Who would be ${role} ${scenarioPhrase(scenario.aliases[0] ?? scenario.name)}?`, about });
      else out.push({ q: `Who is the ${role}?`, about });
    }
  }
  let looked = 0;
  for (const e of k.entities.values()) {
    if (looked++ >= ENTITIES_EXAMPLED) break;
    if (k.isDescribed(e.id)) out.push({ q: whoIs(e.name), about: [e.id] });
  }
  const speakers = k.quotes.speakers('spokesman', SPOKESMEN_SUGGESTED, SPOKESMAN_QUOTES_SCANNED);
  for (const s of speakers) out.push({ q: `What did ${s.replace(/^A\s/, 'the ')} say?`, about: [] });
  memo.set(k, out);
  return out;
}

function whoIs(name: string): string {
  return `Who is ${name}?`;
}

const byEntityMemo = new WeakMap<Knowledge, Map<string, { q: string; i: number }[]>>();
/** Example questions by the entity they are about, with their position in the full list. */
function examplesByEntity(k: Knowledge): Map<string, { q: string; i: number }[]> {
  let index = byEntityMemo.get(k);
  if (!index) {
    index = new Map();
    for (const [i, x] of exampleQuestions(k).entries()) {
      for (const a of new Set(x.about)) {
        const list = index.get(a);
        if (list) list.push({ q: x.q, i });
        else index.set(a, [{ q: x.q, i }]);
      }
    }
    byEntityMemo.set(k, index);
  }
  return index;
}

const prefixMemo = new WeakMap<Knowledge, string[][]>();
/**
 * Each example question's words of four letters or more, as their first five letters (what suggestionsFor
 * compares with the question's words), once per knowledge rather than split again for every unknown reply.
 */
function examplePrefixes(k: Knowledge): string[][] {
  let prefixes = prefixMemo.get(k);
  if (!prefixes) {
    prefixes = exampleQuestions(k).map((x) =>
      x.q
        .toLowerCase()
        .split(/[^\p{L}]+/u)
        .filter((w) => w.length >= 4)
        .map((w) => w.slice(0, 5)),
    );
    prefixMemo.set(k, prefixes);
  }
  return prefixes;
}

/**
 * Up to three example questions, those about the question's entities first (in the order they were made),
 * then the first examples overall. Indexed, so a KB with thousands of people costs the same as the seed.
 */
export function suggestionsFor(k: Knowledge, p?: ParsedQuestion, max = 3): string[] {
  const all = exampleQuestions(k);
  const index = examplesByEntity(k);
  const wanted = [
    ...new Set([...(p?.entities ?? []), ...(p?.roles ?? []), ...(p?.scenario?.id ? [p.scenario.id] : [])]),
  ];
  // Examples about more of the wanted entities come first; ties keep their original order.
  const hits = new Map<string, { n: number; i: number }>();
  for (const id of wanted) {
    const examples = [...(index.get(id) ?? [])];
    // An entity past those the list looked at still gets its "Who is X?", after every listed example.
    const e = k.entities.get(id);
    const who = e && whoIs(e.name);
    if (e && who && !examples.some((x) => x.q === who) && k.isDescribed(id))
      examples.push({ q: who, i: all.length + hits.size });
    for (const { q, i } of examples) {
      const h = hits.get(q);
      if (h) h.n += 1;
      else hits.set(q, { n: 1, i });
    }
  }
  // Nothing the KB knows by name: examples sharing a content word with the question (its topic) come next.
  const words = (p?.termWords ?? []).map((w) => w.toLowerCase().slice(0, 5)).filter((w) => w.length >= 4);
  if (words.length && hits.size < max) {
    const prefixes = examplePrefixes(k);
    for (const [i, x] of all.entries()) {
      let shared = 0;
      for (const w of prefixes[i] ?? []) if (words.includes(w)) shared++;
      if (shared && !hits.has(x.q)) hits.set(x.q, { n: shared / 10, i });
    }
  }
  const out = [...hits.entries()].sort((a, b) => b[1].n - a[1].n || a[1].i - b[1].i).map(([q]) => q);
  for (const x of all) {
    if (out.length >= max) break;
    if (!out.includes(x.q)) out.push(x.q);
  }
  return out.slice(0, max);
}
