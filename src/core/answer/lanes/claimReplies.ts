/**
 * Replies from the curated layer's claims: a claim's evidence, its scenario's name, both sides of a contested
 * proposition, and the reply itself (contested when the KB holds claims on both sides). Shared by the lanes that
 * answer from claims (roles, descriptions, the claims lane).
 */
import type { Claim } from '../../kb/schema.js';
import type { Reply } from '../../reply.js';
import { answeredReply, contestedReply, type Evidence, type Side } from '../compose.js';
import type { Knowledge } from '../knowledge.js';

export class ClaimReplies {
  constructor(private readonly k: Knowledge) {}

  evidence(c: Claim): Evidence[] {
    const out: Evidence[] = [];
    for (const ev of c.evidence) {
      const article = this.k.articleById.get(ev.article);
      if (article) out.push({ article, quote: ev.quote, attribution: ev.attribution ?? c.attribution });
    }
    return out;
  }

  scenarioName(id?: string): string | undefined {
    return id ? this.k.scenarios.get(id)?.name : undefined;
  }

  /** Claims sharing a proposition with opposite stances: both sides, or undefined. */
  sidesOf(c: Claim): Side[] | undefined {
    if (!c.proposition) return undefined;
    const related = this.k.claims.filter((x) => x.proposition === c.proposition);
    const pro = related.filter((x) => x.stance === 'for');
    const con = related.filter((x) => x.stance === 'against');
    if (!pro.length || !con.length) return undefined;
    const side = (cs: Claim[], label: string): Side => ({
      label,
      statement: cs.map((x) => x.statement).join(' '),
      evidence: cs.flatMap((x) => this.evidence(x)),
    });
    const first =
      c.stance === 'against' ? [side(con, 'Against'), side(pro, 'For')] : [side(pro, 'For'), side(con, 'Against')];
    return first;
  }

  reply(c: Claim, q: string, answer: string, confidence: number, contest = true): Reply {
    const sides = contest ? this.sidesOf(c) : undefined;
    if (sides) return contestedReply(q, answer, sides, Math.min(confidence, 0.7));
    return answeredReply(q, answer, c.statement, this.evidence(c), confidence);
  }

  /** "Deputy Prime Minister", "Leader of the Liberal Democrats". */
  roleLabel(c: Claim): string {
    const of = c.of ? this.k.entities.get(c.of)?.name : undefined;
    if (c.role === 'party-leader' && of) return `Leader of ${/s$/.test(of) ? 'the ' : ''}${of}`;
    const role = this.k.entities.get(c.role ?? '')?.name ?? c.role ?? '';
    return of ? `${role} of ${/s$/.test(of) ? 'the ' : ''}${of}` : role;
  }
}

/** Prefer what is ("is") over what would be ("would"), over the rest. */
export function modalityRank(c: Claim): number {
  return c.modality === 'is' ? 0 : c.modality === 'would' ? 1 : 2;
}
