/**
 * Automatic processing of any article, with no curation: paragraphs, sentences (wink-nlp), quotes and their
 * speakers, reported-speech sources, people / organisations / places (compromise, plus titled names such as
 * "Lord Adonis"), appositive descriptions ("David Axelrod, President Obama’s former strategist"), dates and
 * numbers (wink-nlp entities). The result is plain JSON, cached in the store per article content hash.
 */
import type { Attribution } from '../reply.js';
import { reportedSource } from './attribution.js';
import { type ExtractedQuote, extractQuotes } from './quotes.js';

export const ANALYSER_VERSION = 3;

export type PartKind = 'headline' | 'standfirst' | 'caption' | 'body';

export interface AnalysedSentence {
  /** Index in the article. */
  i: number;
  /** Paragraph index. */
  p: number;
  part: PartKind;
  /** Verbatim text. */
  text: string;
  /** Who the sentence's content comes from (quote speaker or reported-speech source), if anyone. */
  source?: Attribution;
  /** The sentence is (inside) a direct quote. */
  quoted?: boolean;
  people: string[];
  orgs: string[];
  places: string[];
  dates: string[];
  numbers: string[];
}

export interface Description {
  name: string;
  description: string;
  sentence: number;
}

export interface ArticleAnalysis {
  version: number;
  sentences: AnalysedSentence[];
  quotes: ExtractedQuote[];
  people: string[];
  orgs: string[];
  places: string[];
  descriptions: Description[];
}

export interface ArticleParts {
  headline?: string;
  standfirst?: string;
  captions?: string[];
}

type Wink = {
  readDoc(text: string): {
    sentences(): { out(): string[] };
    entities(): { out(f: unknown): { value: string; type: string }[] };
  };
  its: { detail: unknown };
};
type Compromise = (text: string) => {
  people(): { out(f: string): string[] };
  organizations(): { out(f: string): string[] };
  places(): { out(f: string): string[] };
};

let tools: Promise<{ wink: Wink; nlp: Compromise }> | undefined;
/** The NLP libraries load lazily: only analysing a new article needs them. */
function loadTools() {
  tools ??= (async () => {
    const [{ default: winkNLP }, { default: model }, { default: nlp }] = await Promise.all([
      import('wink-nlp'),
      import('wink-eng-lite-web-model'),
      import('compromise'),
    ]);
    return { wink: winkNLP(model) as unknown as Wink, nlp: nlp as unknown as Compromise };
  })();
  return tools;
}

const TITLED =
  /\b(?:Mr|Mrs|Ms|Dr|Lord|Lady|Sir|Dame|Baroness|President|Prince|Senator)\s+[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+)?/g;

function cleanName(s: string): string {
  return s
    .replace(/[’']s$/u, '')
    .replace(/^[\s"“”'‘’(]+|[\s"“”'‘’),.;:!?]+$/g, '')
    .replace(/[’']s$/u, '')
    .trim();
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs.map(cleanName).filter((x) => x.length > 1))];
}

export function splitParagraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n|\r?\n(?=\s*[“"])/)
    .map((p) => p.replace(/\s*\r?\n\s*/g, ' ').trim())
    .filter(Boolean);
}

function partOf(paragraph: string, index: number, parts: ArticleParts): PartKind {
  const same = (a?: string) => Boolean(a) && a?.replace(/\s+/g, ' ').trim() === paragraph;
  if (same(parts.headline)) return 'headline';
  if (same(parts.standfirst)) return 'standfirst';
  if (parts.captions?.some((c) => same(c))) return 'caption';
  if (index === 0 && !parts.headline && paragraph.length < 160 && !/[.!?]["”’]?$/.test(paragraph)) return 'headline';
  return 'body';
}

export async function analyseArticle(text: string, parts: ArticleParts = {}): Promise<ArticleAnalysis> {
  const { wink, nlp } = await loadTools();
  const paragraphs = splitParagraphs(text);
  const quotes = extractQuotes(paragraphs);
  const sentences: AnalysedSentence[] = [];
  const descriptions: Description[] = [];
  const allPeople: string[] = [];
  const allOrgs: string[] = [];
  const allPlaces: string[] = [];

  paragraphs.forEach((para, p) => {
    const part = partOf(para, p, parts);
    const doc = wink.readDoc(para);
    const raw = doc.sentences().out();
    const entities = doc.entities().out(wink.its.detail);
    const paraSource = reportedSource(para);
    for (const s of raw.length ? raw : [para]) {
      const text = s.trim();
      if (!text) continue;
      // A stray closing quote mark split off by the sentence splitter belongs to the sentence before it.
      const prev = sentences[sentences.length - 1];
      if (!/[\p{L}\p{N}]/u.test(text) && prev && prev.p === p) {
        const joined = para.includes(prev.text + text) ? prev.text + text : `${prev.text} ${text}`;
        if (para.includes(joined)) prev.text = joined;
        continue;
      }
      const c = nlp(text);
      const people = uniq([...c.people().out('array'), ...(text.match(TITLED) ?? [])]);
      const orgs = uniq(c.organizations().out('array'));
      const places = uniq(c.places().out('array'));
      const inSentence = entities.filter((e) => text.includes(e.value));
      const quote = quotes.find(
        (q) =>
          q.paragraph === p && !q.scare && (q.text.includes(text.replace(/^[“"]|[”"]$/g, '')) || text.includes(q.text)),
      );
      const source = quote?.speaker ?? reportedSource(text) ?? (part === 'body' ? paraSource : undefined);
      sentences.push({
        i: sentences.length,
        p,
        part,
        text,
        ...(source && source.kind !== 'reporter' ? { source } : {}),
        ...(quote ? { quoted: true } : {}),
        people,
        orgs,
        places,
        dates: uniq(inSentence.filter((e) => e.type === 'DATE').map((e) => e.value)),
        numbers: uniq(
          inSentence
            .filter((e) => ['CARDINAL', 'MONEY', 'PERCENT', 'DURATION', 'ORDINAL'].includes(e.type))
            .map((e) => e.value),
        ),
      });
      allPeople.push(...people);
      allOrgs.push(...orgs);
      allPlaces.push(...places);
      for (const name of people) {
        const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const m = new RegExp(
          `${esc}[’']?s?,\\s+((?:the|a|an|his|her|their|[A-Z][\\w ]{1,30}?[’']s)\\s[^,;.]{3,90}),`,
        ).exec(text);
        if (m?.[1]) descriptions.push({ name, description: m[1], sentence: sentences.length - 1 });
      }
    }
  });

  return {
    version: ANALYSER_VERSION,
    sentences,
    quotes,
    people: uniq(allPeople),
    orgs: uniq(allOrgs),
    places: uniq(allPlaces),
    descriptions,
  };
}
