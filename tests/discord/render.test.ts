import type { APIEmbed } from 'discord.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COLOURS,
  CUSTOM_ID,
  citationsToDiscord,
  type DiscordPayload,
  defuseMentions,
  embedSize,
  fitEmbeds,
  LIMITS,
  parseCustomId,
  replyToDiscord,
  textToDiscord,
  totalSize,
} from '../../src/adapters/discord/render.js';
import { type Citation, errorReply, infoReply, type Reply } from '../../src/core/reply.js';

const cite = (i: number, extra: Partial<Citation> = {}): Citation => ({
  source: `article-${i}`,
  quote: `Quote number ${i}: senior Labour figures said Nick Clegg could stay Deputy Prime Minister.`,
  title: `Article ${i}`,
  publication: 'The Daily Telegraph',
  asOf: 'April 2014 (inferred)',
  attribution: 'according to senior Labour figures (anonymous)',
  ...extra,
});

const answer = (extra: Partial<Reply> = {}): Reply => ({
  kind: 'answer',
  status: 'answered',
  question: 'who is DPM under Lib-Lab?',
  answer: 'Nick Clegg',
  text: 'Under a Lib-Lab pact Nick Clegg would stay Deputy Prime Minister.',
  citations: [cite(1)],
  confidence: 0.82,
  asOf: 'April 2014 (inferred)',
  attribution: 'according to senior Labour figures (anonymous)',
  questionId: 42,
  ...extra,
});

/** Every string anywhere in the payload. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

function assertWithinLimits(p: DiscordPayload): void {
  expect(p.allowed_mentions).toEqual({ parse: [] });
  expect(p.embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
  expect(totalSize(p.embeds)).toBeLessThanOrEqual(LIMITS.total);
  if (p.content !== undefined) expect(p.content.length).toBeLessThanOrEqual(LIMITS.content);
  for (const e of p.embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.footer);
    expect(e.author?.name.length ?? 0).toBeLessThanOrEqual(LIMITS.author);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    }
  }
  for (const row of p.components) {
    expect(row.components.length).toBeLessThanOrEqual(5);
    for (const b of row.components) {
      if ('custom_id' in b) expect(b.custom_id.length).toBeLessThanOrEqual(LIMITS.customId);
    }
  }
}

describe('replyToDiscord', () => {
  it('renders an answer: short answer as title, text, as-of and attribution, quoted citation with title', () => {
    const p = replyToDiscord(answer());
    assertWithinLimits(p);
    const e = p.embeds[0] as APIEmbed;
    expect(e.title).toBe('Nick Clegg');
    expect(e.description).toContain('Deputy Prime Minister');
    expect(e.color).toBe(COLOURS.answered);
    expect(e.fields?.find((f) => f.name === 'As of')?.value).toBe('April 2014 (inferred)');
    expect(e.fields?.find((f) => f.name === 'According to')?.value).toContain('senior Labour figures');
    const c = e.fields?.find((f) => f.name.startsWith('[1]'));
    expect(c?.name).toContain('Article 1');
    expect(c?.value.startsWith('> “Quote number 1')).toBe(true);
    expect(e.footer?.text).toContain('confidence 82%');
    expect(p.flags).toBeUndefined();
  });

  it('matches the snapshot of a typical answer', () => {
    expect(replyToDiscord(answer())).toMatchSnapshot();
  });

  it('colours by status and kind', () => {
    expect(replyToDiscord(answer({ status: 'contested' })).embeds[0]?.color).toBe(COLOURS.contested);
    expect(replyToDiscord(answer({ status: 'unknown', answer: null })).embeds[0]?.color).toBe(COLOURS.unknown);
    expect(replyToDiscord(errorReply('bad option')).embeds[0]?.color).toBe(COLOURS.error);
    expect(replyToDiscord(infoReply('Help', 'text')).embeds[0]?.color).toBe(COLOURS.info);
  });

  it('uses a status label as title when there is no short answer, and lists suggestions', () => {
    const p = replyToDiscord(
      answer({
        status: 'unknown',
        answer: null,
        text: 'The knowledge base does not say.',
        suggestions: ['who is DPM under Lib-Lab?'],
      }),
    );
    expect(p.embeds[0]?.title).toBe('Not in the knowledge base');
    expect(p.embeds[0]?.description).toContain('You could ask');
    expect(p.embeds[0]?.footer?.text).not.toContain('confidence');
  });

  it('shows both sides of a contested question', () => {
    const p = replyToDiscord(
      answer({
        status: 'contested',
        answer: null,
        // As contestedReply builds it: every side's citations are among the reply's.
        citations: [cite(1), cite(2)],
        sides: [
          { label: 'Labour sources', text: 'Clegg could stay.', citations: [cite(1)] },
          { label: 'Lib Dem sources', text: 'Clegg would go.', citations: [cite(2)] },
        ],
      }),
    );
    const names = p.embeds[0]?.fields?.map((f) => f.name) ?? [];
    expect(names).toContain('Labour sources');
    expect(names).toContain('Lib Dem sources');
    // each side's evidence is shown once (as a source), not under the side and again in the source list
    const json = JSON.stringify(p);
    expect(json.split('Quote number 1:').length - 1).toBe(1);
    expect(json.split('Quote number 2:').length - 1).toBe(1);
    expect(p.embeds[0]?.color).toBe(COLOURS.contested);
  });

  it('links the article when a url is known, and refuses non-http urls', () => {
    const withUrl = replyToDiscord(answer({ citations: [cite(1, { url: 'https://example.org/a_(b)' })] }));
    const field = withUrl.embeds[0]?.fields?.find((f) => f.name.startsWith('[1]'));
    expect(field?.value).toContain('[Read the article](https://example.org/a_%28b%29)');
    const bad = replyToDiscord(answer({ citations: [cite(1, { url: 'javascript:alert(1)' })] }));
    expect(JSON.stringify(bad)).not.toContain('javascript:');
  });

  it('adds Sources and feedback buttons for a logged answer', () => {
    const p = replyToDiscord(answer());
    const ids = p.components.flatMap((r) => r.components.map((b) => ('custom_id' in b ? b.custom_id : '')));
    expect(ids).toEqual(['whip:sources:42', 'whip:fb:up:42', 'whip:fb:down:42']);
    expect(CUSTOM_ID.sources(42)).toBe('whip:sources:42');
  });

  it('adds no buttons without a question id, and only the requested actions otherwise', () => {
    expect(replyToDiscord(answer({ questionId: undefined })).components).toEqual([]);
    const fb = replyToDiscord(answer({ actions: ['feedback'] }));
    expect(fb.components[0]?.components).toHaveLength(2);
    expect(replyToDiscord(answer(), { buttons: false }).components).toEqual([]);
    expect(replyToDiscord(infoReply('Help', 'text', { questionId: 3 })).components).toEqual([]);
  });

  it('makes usage errors and ephemeral replies ephemeral', () => {
    expect(replyToDiscord(errorReply('`role` is required')).flags).toBe(64);
    expect(replyToDiscord(answer({ ephemeral: true })).flags).toBe(64);
    expect(replyToDiscord(errorReply('x'), { ephemeral: false }).flags).toBeUndefined();
  });

  it('defuses @everyone, @here and role/user mentions wherever they appear', () => {
    const hostile = '@everyone @here <@&123456789012345678> <@123456789012345678> <@!123456789012345678>';
    const p = replyToDiscord(
      answer({
        question: hostile,
        answer: hostile,
        text: hostile,
        citations: [cite(1, { quote: hostile, title: hostile, attribution: hostile })],
        fields: [{ name: hostile, value: hostile }],
      }),
    );
    expect(p.allowed_mentions).toEqual({ parse: [] });
    for (const s of strings(p.embeds)) {
      expect(s).not.toMatch(/@(everyone|here)/);
      expect(s).not.toMatch(/<@[!&]?\d/);
    }
    expect(defuseMentions('mail me @ home')).toBe('mail me @ home');
  });

  it('escapes Markdown in verbatim quotes', () => {
    const p = replyToDiscord(answer({ citations: [cite(1, { quote: 'a *bold* claim with __underline__' })] }));
    expect(p.embeds[0]?.fields?.find((f) => f.name.startsWith('[1]'))?.value).toContain('\\*bold\\*');
  });

  it('truncates cleanly to every Discord limit', () => {
    const long = 'word '.repeat(3000);
    const p = replyToDiscord(
      answer({
        answer: long,
        text: long,
        question: long,
        asOf: long,
        attribution: long,
        fields: Array.from({ length: 40 }, (_, i) => ({ name: `${i} ${long}`, value: long })),
        citations: Array.from({ length: 40 }, (_, i) => cite(i, { quote: long, title: long })),
      }),
      { maxCitations: 40 },
    );
    assertWithinLimits(p);
    expect(p.embeds[0]?.title?.endsWith('…')).toBe(true);
    expect(p.embeds[0]?.description?.length).toBeGreaterThan(0);
  });

  it('notes hidden sources in the footer', () => {
    const p = replyToDiscord(answer({ citations: [cite(1), cite(2), cite(3), cite(4), cite(5)] }));
    expect(p.embeds[0]?.fields?.filter((f) => f.name.startsWith('['))).toHaveLength(3);
    expect(p.embeds[0]?.footer?.text).toContain('2 more sources under Sources');
  });

  it('never exceeds a limit and always sets allowed_mentions, for arbitrary replies', () => {
    const text = fc.string({ maxLength: 7000 });
    const citation = fc.record({
      source: fc.string({ minLength: 1, maxLength: 50 }),
      quote: text,
      title: fc.option(text, { nil: undefined }),
      publication: fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
      url: fc.option(fc.webUrl(), { nil: undefined }),
      asOf: fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
      attribution: fc.option(text, { nil: undefined }),
    });
    const reply = fc.record({
      kind: fc.constantFrom('answer' as const, 'info' as const, 'error' as const),
      status: fc.constantFrom('answered' as const, 'contested' as const, 'unknown' as const),
      question: fc.option(text, { nil: undefined }),
      answer: fc.option(text, { nil: null }),
      text,
      citations: fc.array(citation, { maxLength: 30 }),
      confidence: fc.double({ min: 0, max: 1, noNaN: true }),
      title: fc.option(text, { nil: undefined }),
      asOf: fc.option(text, { nil: undefined }),
      attribution: fc.option(text, { nil: undefined }),
      fields: fc.option(fc.array(fc.record({ name: text, value: text }), { maxLength: 30 }), { nil: undefined }),
      suggestions: fc.option(fc.array(fc.string({ maxLength: 200 }), { maxLength: 10 }), { nil: undefined }),
      questionId: fc.option(fc.nat(), { nil: undefined }),
    });
    fc.assert(
      fc.property(reply, fc.integer({ min: 0, max: 30 }), (r, maxCitations) => {
        assertWithinLimits(replyToDiscord(r as Reply, { maxCitations }));
        assertWithinLimits(citationsToDiscord(r as Reply));
      }),
      { numRuns: 150 },
    );
  });
});

describe('fitEmbeds', () => {
  it('drops trailing fields first, then shrinks descriptions, keeping at most 10 embeds', () => {
    const big: APIEmbed = {
      title: 't',
      description: 'd'.repeat(4000),
      fields: Array.from({ length: 10 }, (_, i) => ({ name: `f${i}`, value: 'v'.repeat(1000) })),
    };
    const { embeds, droppedFields } = fitEmbeds(Array.from({ length: 12 }, () => structuredClone(big)));
    expect(embeds).toHaveLength(10);
    expect(totalSize(embeds)).toBeLessThanOrEqual(6000);
    expect(droppedFields).toBeGreaterThan(0);
    expect(embedSize(embeds[0] as APIEmbed)).toBeGreaterThan(0);
  });
});

describe('citationsToDiscord and textToDiscord', () => {
  it('renders every citation that fits, ephemeral and without buttons', () => {
    const p = citationsToDiscord(infoReply('Sources', 'evidence', { citations: [cite(1), cite(2), cite(3), cite(4)] }));
    expect(p.flags).toBe(64);
    expect(p.embeds[0]?.description).toBeUndefined();
    expect(p.components).toEqual([]);
    expect(p.embeds[0]?.fields?.filter((f) => f.name.startsWith('['))).toHaveLength(4);
  });

  it('keeps plain text within the 2000-character content limit, no pings', () => {
    const p = textToDiscord(`@everyone ${'x '.repeat(3000)}`);
    assertWithinLimits(p);
    expect(p.content).not.toMatch(/@everyone/);
  });
});

describe('parseCustomId', () => {
  it('round-trips the button ids and rejects others', () => {
    expect(parseCustomId('whip:sources:7')).toEqual({ kind: 'sources', questionId: 7 });
    expect(parseCustomId('whip:fb:up:7')).toEqual({ kind: 'feedback', vote: 1, questionId: 7 });
    expect(parseCustomId('whip:fb:down:7')).toEqual({ kind: 'feedback', vote: -1, questionId: 7 });
    expect(parseCustomId('whip:fb:sideways:7')).toEqual({ kind: 'unknown' });
    expect(parseCustomId('other:sources:7')).toEqual({ kind: 'unknown' });
  });
});
