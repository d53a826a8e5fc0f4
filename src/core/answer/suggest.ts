/** What the KB can answer, offered with an `unknown` reply: questions generated from the curated claims. */
import type { Knowledge } from './knowledge.js';
import type { ParsedQuestion } from './parse.js';

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
      if (c.role === 'party-leader' && c.of) out.push({ q: `Who leads the ${k.entities.get(c.of)?.name}?`, about });
      else if (scenario) out.push({ q: `Who would be ${role} under ${scenario.aliases[0] ?? scenario.name}?`, about });
      else out.push({ q: `Who is the ${role}?`, about });
    }
  }
  for (const e of k.entities.values()) {
    if (e.found?.length) out.push({ q: `Who is ${e.name}?`, about: [e.id] });
  }
  const speakers = new Set(k.quotes.filter((q) => q.speaker.kind === 'spokesman').map((q) => q.speaker.description));
  for (const s of speakers) out.push({ q: `What did ${s.replace(/^A\s/, 'the ')} say?`, about: [] });
  memo.set(k, out);
  return out;
}

/** Up to three example questions, those sharing entities with the question first. */
export function suggestionsFor(k: Knowledge, p?: ParsedQuestion, max = 3): string[] {
  const all = exampleQuestions(k);
  const wanted = new Set([...(p?.entities ?? []), ...(p?.roles ?? [])]);
  const ranked = all
    .map((x, i) => ({ ...x, rank: x.about.filter((a) => wanted.has(a)).length * 10 - i / 1000 }))
    .sort((a, b) => b.rank - a.rank);
  return [...new Set(ranked.map((x) => x.q))].slice(0, max);
}
