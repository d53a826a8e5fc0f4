/**
 * Cross-file checks of the curated KB: duplicate ids, unknown references, ambiguous aliases, and evidence or
 * quotes that are not verbatim in their article. Returns the problems and a KB with the bad items dropped, so a
 * broken file costs only its own broken items.
 */
import { isNarratorHedge } from '../nlp/attribution.js';
import { KbProblem } from './errors.js';
import { type CuratedKb, type Located, loadCuratedKb } from './load.js';
import { fold, locateVerbatim, prepareArticle } from './text.js';

export { defaultKbDir } from './paths.js';

export function validateCurated(kb: CuratedKb): { kb: CuratedKb; problems: KbProblem[] } {
  const problems: KbProblem[] = [];
  const bad = new Set<unknown>();
  const flag = (item: Located<unknown>, path: (string | number)[], message: string) => {
    problems.push(new KbProblem(item.file, item.lineOf(path), message));
    bad.add(item);
  };

  // Duplicate ids, per namespace (entities and scenarios share one: both can be referenced as `about`).
  const seen = new Map<string, Located<unknown>>();
  const dupes = (items: Located<{ id: string }>[], ns: string) => {
    for (const it of items) {
      const key = `${ns}:${it.value.id}`;
      const first = seen.get(key);
      if (first) flag(it, ['id'], `duplicate id "${it.value.id}" (first defined at ${first.file}:${first.line})`);
      else seen.set(key, it);
    }
  };
  const articleItems = kb.articles.map((a) => ({ value: a.meta, file: a.file, line: a.line, lineOf: () => a.line }));
  dupes(articleItems, 'article');
  dupes(kb.entities, 'thing');
  dupes(kb.scenarios, 'thing');
  dupes(kb.claims, 'claim');
  dupes(kb.quotes, 'quote');

  const entities = new Map(kb.entities.map((e) => [e.value.id, e.value]));
  const scenarios = new Map(kb.scenarios.map((s) => [s.value.id, s.value]));
  const articles = new Map(kb.articles.map((a) => [a.meta.id, prepareArticle(a.text)]));

  // Ambiguous aliases: one alias naming two entities makes questions ambiguous.
  const aliasOwner = new Map<string, string>();
  for (const e of kb.entities) {
    for (const [i, alias] of [e.value.name, ...e.value.aliases].entries()) {
      const key = fold(alias);
      const owner = aliasOwner.get(key);
      if (owner && owner !== e.value.id) {
        flag(e, i === 0 ? ['name'] : ['aliases', i - 1], `alias "${alias}" already names "${owner}"`);
      } else aliasOwner.set(key, e.value.id);
    }
    if (e.value.party && entities.get(e.value.party)?.type !== 'party') {
      flag(e, ['party'], `party "${e.value.party}" is not a known party id`);
    }
  }
  for (const s of kb.scenarios) {
    s.value.parties.forEach((p, i) => {
      if (entities.get(p)?.type !== 'party') flag(s, ['parties', i], `party "${p}" is not a known party id`);
    });
  }

  for (const c of kb.claims) {
    const v = c.value;
    if (!entities.has(v.subject)) flag(c, ['subject'], `unknown entity "${v.subject}"`);
    if (v.object && !entities.has(v.object)) flag(c, ['object'], `unknown entity "${v.object}"`);
    if (v.of && !entities.has(v.of)) flag(c, ['of'], `unknown entity "${v.of}"`);
    if (v.role && entities.get(v.role)?.type !== 'role') flag(c, ['role'], `"${v.role}" is not a known role id`);
    if (v.kind === 'role' && !v.role) flag(c, ['kind'], 'a role claim needs a `role`');
    if (v.scenario && !scenarios.has(v.scenario)) flag(c, ['scenario'], `unknown scenario "${v.scenario}"`);
    if (v.attribution.speaker && !entities.has(v.attribution.speaker)) {
      flag(c, ['attribution', 'speaker'], `unknown entity "${v.attribution.speaker}"`);
    }
    if (Boolean(v.proposition) !== Boolean(v.stance)) {
      flag(c, [v.proposition ? 'proposition' : 'stance'], '`proposition` and `stance` go together');
    }
    v.evidence.forEach((ev, i) => {
      const article = articles.get(ev.article);
      if (!article) flag(c, ['evidence', i, 'article'], `unknown article "${ev.article}"`);
      else {
        const exact = locateVerbatim(article, ev.quote);
        if (exact === null)
          flag(
            c,
            ['evidence', i, 'quote'],
            `evidence is not verbatim in article ${ev.article}: "${ev.quote.slice(0, 60)}"`,
          );
        else ev.quote = exact;
      }
      // The narrator's hedge ("Mr Miliband is said to have refused…") is the article's, not the claim's source's.
      if (!ev.attribution && v.attribution.kind !== 'reporter' && isNarratorHedge(ev.quote)) {
        ev.attribution = { kind: 'reporter', description: 'the article' };
      }
    });
  }

  for (const q of kb.quotes) {
    const v = q.value;
    const article = articles.get(v.article);
    if (!article) flag(q, ['article'], `unknown article "${v.article}"`);
    else {
      const exact = locateVerbatim(article, v.text);
      if (exact === null) flag(q, ['text'], `quote is not verbatim in article ${v.article}: "${v.text.slice(0, 60)}"`);
      else v.text = exact;
    }
    if (v.speaker.entity && !entities.has(v.speaker.entity))
      flag(q, ['speaker', 'entity'], `unknown entity "${v.speaker.entity}"`);
    v.about.forEach((a, i) => {
      if (!entities.has(a) && !scenarios.has(a)) flag(q, ['about', i], `unknown entity or scenario "${a}"`);
    });
  }

  const keep = <T>(items: Located<T>[]) => items.filter((i) => !bad.has(i));
  return {
    kb: {
      ...kb,
      articles: kb.articles.filter((a) => !problems.some((p) => p.file === a.file && p.line === a.line)),
      entities: keep(kb.entities),
      scenarios: keep(kb.scenarios),
      claims: keep(kb.claims),
      quotes: keep(kb.quotes),
    },
    problems,
  };
}

/** Load and check a KB directory: every problem, in file order. */
export function loadAndCheck(dir: string): { kb: CuratedKb; problems: KbProblem[] } {
  const loaded = loadCuratedKb(dir);
  const checked = validateCurated(loaded.kb);
  const problems = [...loaded.problems, ...checked.problems].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line,
  );
  return { kb: checked.kb, problems };
}

export async function checkKb(dir: string): Promise<KbProblem[]> {
  return loadAndCheck(dir).problems;
}
