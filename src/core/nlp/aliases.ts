/**
 * Alias resolution: find the entities and scenarios a text mentions ("DPM", "Mr Clegg", "Tories", "Lib-Lab"),
 * longest match first, tolerant of small typos in names ("Milliband", "Axlerod").
 */
import { distance } from 'fastest-levenshtein';
import { words } from './terms.js';

export interface Named {
  id: string;
  /** entity type, or 'scenario' */
  type: string;
  name: string;
  aliases: string[];
}

export interface Mention {
  id: string;
  type: string;
  /** Token span [start, end) in words(text). */
  start: number;
  end: number;
  /** The words that matched. */
  text: string;
}

interface AliasEntry {
  tokens: string[];
  id: string;
  type: string;
}

/** Types whose aliases are proper names, so a near miss is probably a typo. */
const FUZZY_TYPES = new Set(['person', 'party', 'place', 'organisation']);

export class AliasMatcher {
  private readonly byFirst = new Map<string, AliasEntry[]>();
  private readonly fuzzyKeys = new Set<string>();
  readonly named = new Map<string, Named>();

  /** Words of the language or the KB: never "corrected" into a name. */
  knownWords: (w: string) => boolean = () => false;

  constructor(items: Named[]) {
    for (const item of items) {
      this.named.set(item.id, item);
      for (const alias of [item.name, ...item.aliases]) {
        const tokens = words(alias);
        if (!tokens.length) continue;
        const first = tokens[0] as string;
        const list = this.byFirst.get(first) ?? [];
        if (!list.some((e) => e.id === item.id && e.tokens.join(' ') === tokens.join(' '))) {
          list.push({ tokens, id: item.id, type: item.type });
          list.sort((a, b) => b.tokens.length - a.tokens.length);
        }
        this.byFirst.set(first, list);
        if (FUZZY_TYPES.has(item.type) && first.length >= 5) this.fuzzyKeys.add(first);
      }
    }
  }

  /**
   * A name the token is a typo of: same first letter (typos rarely hit it, and this keeps "stories" from
   * becoming "Tories"), one edit (two for long names) or one swap of adjacent letters ("Axlerod").
   */
  private fuzzyKey(token: string): string | undefined {
    if (token.length < 5 || this.knownWords(token)) return undefined;
    const max = token.length >= 8 ? 2 : 1;
    let best: string | undefined;
    let bestD = max + 1;
    for (const key of this.fuzzyKeys) {
      if (key[0] !== token[0] || Math.abs(key.length - token.length) > max) continue;
      const d = isTransposition(key, token) ? 1 : distance(key, token);
      if (d < bestD) {
        bestD = d;
        best = key;
      }
    }
    return best;
  }

  private candidates(token: string, fuzzy: boolean): AliasEntry[] {
    const exact = this.byFirst.get(token);
    if (exact || !fuzzy) return exact ?? [];
    const best = this.fuzzyKey(token);
    return best ? (this.byFirst.get(best) ?? []).filter((e) => FUZZY_TYPES.has(e.type)) : [];
  }

  private static tokenMatches(want: string, got: string | undefined): boolean {
    if (got === undefined) return false;
    if (want === got) return true;
    // plural/possessive forms: "tories" ~ "tory", "dems" ~ "dem"
    if (got === `${want}s` || want === `${got}s`) return true;
    return want.length >= 6 && got.length >= 6 && distance(want, got) <= 1;
  }

  /** Mentions in `text`, non-overlapping, longest first, in text order. */
  /** `fuzzy`: tolerate typos in names — for what people type, not for article text. */
  find(text: string, fuzzy = false): Mention[] {
    return this.findInWords(words(text), fuzzy);
  }

  findInWords(tokens: string[], fuzzy = false): Mention[] {
    const out: Mention[] = [];
    for (let i = 0; i < tokens.length; ) {
      let matched: Mention | undefined;
      // A name split by a stray space ("Mili band", "Cleg g"): two tokens that together spell a name.
      const joined = `${tokens[i]}${tokens[i + 1] ?? ''}`;
      if (fuzzy && tokens[i + 1] !== undefined && !this.byFirst.has(tokens[i] as string) && joined.length >= 5) {
        const key = this.fuzzyKeys.has(joined) ? joined : this.fuzzyKey(joined);
        const entry = key
          ? this.byFirst.get(key)?.find((e) => e.tokens.length === 1 && FUZZY_TYPES.has(e.type))
          : undefined;
        if (entry) {
          out.push({ id: entry.id, type: entry.type, start: i, end: i + 2, text: `${tokens[i]} ${tokens[i + 1]}` });
          i += 2;
          continue;
        }
      }
      for (const entry of this.candidates(tokens[i] as string, fuzzy)) {
        const n = entry.tokens.length;
        let ok = true;
        for (let k = 1; k < n && ok; k++) ok = AliasMatcher.tokenMatches(entry.tokens[k] as string, tokens[i + k]);
        if (ok) {
          matched = { id: entry.id, type: entry.type, start: i, end: i + n, text: tokens.slice(i, i + n).join(' ') };
          break;
        }
      }
      if (matched) {
        out.push(matched);
        i = matched.end;
      } else i++;
    }
    return out;
  }
}

/** True when b is a with two adjacent letters swapped. */
function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}
