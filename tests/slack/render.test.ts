import { describe, expect, it } from 'vitest';
import {
  ACTION_FEEDBACK_DOWN,
  ACTION_FEEDBACK_UP,
  ACTION_SOURCES,
  escapeMrkdwn,
  fitMrkdwn,
  SLACK_LIMITS,
  type SlackBlock,
  toBlockKit,
} from '../../src/adapters/slack/render.js';
import { type Citation, errorReply, infoReply, type Reply } from '../../src/core/reply.js';

const clegg: Citation = {
  source: 'miliband-clegg-lib-lab-pact-2014-04',
  quote: 'could let Nick Clegg stay Deputy Prime Minister to get Ed Miliband into Number10',
  title: 'Ed Miliband would let Nick Clegg keep his job in Lib-Lab pact',
  publication: 'The Daily Telegraph (inferred)',
  asOf: 'April 2014 (inferred)',
  attribution: 'according to senior Labour figures (anonymous)',
};

function answer(extra: Partial<Reply> = {}): Reply {
  return {
    kind: 'answer',
    status: 'answered',
    question: 'who is DPM under Lib-Lab?',
    answer: 'Nick Clegg',
    text: 'Under a Lib-Lab pact, Nick Clegg would stay Deputy Prime Minister.',
    citations: [clegg],
    confidence: 0.82,
    asOf: 'April 2014 (inferred)',
    attribution: 'according to senior Labour figures (anonymous)',
    questionId: 42,
    ...extra,
  };
}

/** Every string Slack will parse as mrkdwn (not plain_text), plus the fallback text. */
function mrkdwnStrings(msg: { text: string; blocks: SlackBlock[] }): string[] {
  const out = [msg.text];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      for (const x of Object.values(o)) walk(x);
    }
  };
  walk(msg.blocks);
  return out;
}

function allTexts(blocks: SlackBlock[]): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string') out.push(o.text);
      for (const x of Object.values(o)) walk(x);
    }
  };
  walk(blocks);
  return out;
}

describe('escapeMrkdwn / fitMrkdwn', () => {
  it('escapes &, < and > (ampersand first)', () => {
    expect(escapeMrkdwn('a & b <!channel> <@U123> >quote &amp;')).toBe(
      'a &amp; b &lt;!channel&gt; &lt;@U123&gt; &gt;quote &amp;amp;',
    );
  });
  it('never cuts an entity in half and respects the limit', () => {
    const raw = '<&>'.repeat(2000);
    const out = fitMrkdwn(raw, 3000);
    expect(out.length).toBeLessThanOrEqual(3000);
    expect(out.endsWith('…')).toBe(true);
    // Strip whole entities: no stray & or ; fragments remain.
    expect(out.replace(/&(amp|lt|gt);/g, '').replace('…', '')).toBe('');
  });
});

describe('toBlockKit: answers', () => {
  const msg = toBlockKit(answer());

  it('has a header with the short answer, the text, the question, as of and attribution', () => {
    expect(msg.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Nick Clegg', emoji: true } });
    const texts = allTexts(msg.blocks).join('\n');
    expect(texts).toContain('Nick Clegg would stay Deputy Prime Minister');
    expect(texts).toContain('who is DPM under Lib-Lab?');
    const context = msg.blocks.filter((b) => b.type === 'context').map((b) => JSON.stringify(b));
    expect(context.join()).toContain('As of April 2014 (inferred)');
    expect(context.join()).toContain('according to senior Labour figures (anonymous)');
  });

  it('renders citations as quote blocks with the article title', () => {
    const quote = msg.blocks.find(
      (b) => b.type === 'section' && 'text' in b && b.text?.text.startsWith('>“could let Nick Clegg'),
    );
    expect(quote).toBeDefined();
    const text = (quote as { text: { text: string } }).text.text;
    expect(text).toContain('Ed Miliband would let Nick Clegg keep his job in Lib-Lab pact');
    expect(text).toContain('The Daily Telegraph');
    expect(text).not.toContain('<http'); // no URL known -> no link
  });

  it('links the title when the article URL is known (http(s) only)', () => {
    const linked = toBlockKit(answer({ citations: [{ ...clegg, url: 'https://example.org/a?x=1&y=2' }] }));
    expect(JSON.stringify(linked.blocks)).toContain(
      '<https://example.org/a?x=1&amp;y=2|Ed Miliband would let Nick Clegg keep his job in Lib-Lab pact>',
    );
    const js = toBlockKit(answer({ citations: [{ ...clegg, url: 'javascript:alert(1)' }] }));
    expect(JSON.stringify(js.blocks)).not.toContain('javascript:');
  });

  it('has Sources and 👍/👎 buttons carrying the question id', () => {
    const actions = msg.blocks.at(-1) as { type: string; elements: { action_id: string; value: string }[] };
    expect(actions.type).toBe('actions');
    expect(actions.elements.map((e) => e.action_id)).toEqual([
      ACTION_SOURCES,
      ACTION_FEEDBACK_UP,
      ACTION_FEEDBACK_DOWN,
    ]);
    expect(actions.elements.every((e) => e.value === '42')).toBe(true);
  });

  it('has no buttons without a question id, or for info and error replies', () => {
    expect(toBlockKit(answer({ questionId: undefined })).blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(toBlockKit(infoReply('Sources', 'x')).blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(toBlockKit(errorReply('bad')).blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('honours reply.actions', () => {
    const only = toBlockKit(answer({ actions: ['feedback'] }));
    const actions = only.blocks.at(-1) as { elements: { action_id: string }[] };
    expect(actions.elements.map((e) => e.action_id)).toEqual([ACTION_FEEDBACK_UP, ACTION_FEEDBACK_DOWN]);
  });

  it('always sets a plain-text fallback', () => {
    expect(msg.text).toContain('Nick Clegg');
    expect(msg.text).toContain('could let Nick Clegg stay Deputy Prime Minister');
    expect(toBlockKit(errorReply('Give a `speaker`')).text).toBe('Give a `speaker`');
    expect(toBlockKit(infoReply('Title', '')).text.length).toBeGreaterThan(0);
  });

  it('says "not in the knowledge base" for unknown, with suggestions, and no confidence', () => {
    const m = toBlockKit(
      answer({ status: 'unknown', answer: null, citations: [], suggestions: ['who is DPM under Lib-Lab?'] }),
    );
    expect((m.blocks[0] as { text: { text: string } }).text.text).toBe('Not in the knowledge base');
    expect(JSON.stringify(m.blocks)).toContain('You could ask');
    expect(JSON.stringify(m.blocks)).not.toContain('confidence');
  });

  it('shows both sides of a contested question', () => {
    const m = toBlockKit(
      answer({
        status: 'contested',
        sides: [
          { label: 'Labour says', text: 'yes', citations: [clegg] },
          { label: 'Lib Dems say', text: 'no', citations: [] },
        ],
      }),
    );
    const all = JSON.stringify(m.blocks);
    expect((m.blocks[0] as { text: { text: string } }).text.text).toBe('Contested: Nick Clegg');
    expect(all).toContain('*Labour says*');
    expect(all).toContain('*Lib Dems say*');
  });
});

describe('toBlockKit: escaping (nobody is ever pinged)', () => {
  const hostile = '<!channel> <!here> <@U123> & <https://evil.example|click>';
  const m = toBlockKit(
    answer({
      question: hostile,
      answer: 'Clegg',
      text: `You asked ${hostile}`,
      citations: [{ ...clegg, quote: `he said ${hostile}`, title: `Title <!here>`, attribution: '<@U999>' }],
      fields: [{ name: '<!channel>', value: '<@U1>' }],
      suggestions: ['<!everyone>'],
    }),
  );

  it('leaves no raw <!…> or <@…> in any mrkdwn text or in the fallback', () => {
    for (const s of mrkdwnStrings(m)) {
      expect(s).not.toMatch(/<[!@#]/);
    }
    const json = JSON.stringify(m);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<!here>');
    expect(json).not.toContain('<@U123>');
    expect(json).toContain('&lt;!channel&gt;');
    expect(json).toContain('&lt;@U123&gt;');
  });

  it('marks mrkdwn verbatim so Slack does not auto-parse mentions', () => {
    const walk = (v: unknown): boolean =>
      Array.isArray(v)
        ? v.every(walk)
        : v && typeof v === 'object'
          ? ((v as { type?: string }).type !== 'mrkdwn' || (v as { verbatim?: boolean }).verbatim === true) &&
            Object.values(v).every(walk)
          : true;
    expect(walk(m.blocks)).toBe(true);
  });

  it('escapes error text too', () => {
    const e = toBlockKit(errorReply('unknown option `<!channel>`'));
    expect(JSON.stringify(e)).not.toContain('<!channel>');
  });
});

describe('toBlockKit: limits', () => {
  const long = 'word '.repeat(2000);
  const many: Citation[] = Array.from({ length: 80 }, (_, i) => ({
    ...clegg,
    source: `s${i}`,
    quote: `${'&<>'.repeat(400)} ${long}`,
    title: long,
    attribution: long,
  }));
  const m = toBlockKit(
    answer({
      answer: 'A'.repeat(400),
      text: '&'.repeat(1500),
      question: long,
      asOf: long,
      attribution: long,
      citations: many,
      fields: Array.from({ length: 25 }, (_, i) => ({ name: `f${i}`, value: long })),
    }),
  );

  it('keeps at most 50 blocks, keeps the buttons and says what was left out', () => {
    expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(m.blocks.at(-1)?.type).toBe('actions');
    expect(JSON.stringify(m.blocks)).toMatch(/more blocks? not shown/);
  });

  it('cuts header to 150, sections to 3000, context elements to 2000, fields to 2000', () => {
    for (const b of m.blocks as unknown as Record<string, unknown>[]) {
      if (b.type === 'header') expect((b.text as { text: string }).text.length).toBeLessThanOrEqual(150);
      if (b.type === 'section') {
        if (b.text) expect((b.text as { text: string }).text.length).toBeLessThanOrEqual(3000);
        for (const f of (b.fields as { text: string }[] | undefined) ?? [])
          expect(f.text.length).toBeLessThanOrEqual(2000);
        expect(((b.fields as unknown[]) ?? []).length).toBeLessThanOrEqual(10);
      }
      if (b.type === 'context') {
        const els = b.elements as { text: string }[];
        expect(els.length).toBeLessThanOrEqual(10);
        for (const e of els) expect(e.text.length).toBeLessThanOrEqual(2000);
      }
      if (b.type === 'actions') {
        for (const e of b.elements as { text: { text: string } }[]) expect(e.text.text.length).toBeLessThanOrEqual(75);
      }
    }
    expect((m.blocks[0] as { text: { text: string } }).text.text.endsWith('…')).toBe(true);
  });

  it('keeps the fallback text within 3000 characters', () => {
    expect(m.text.length).toBeLessThanOrEqual(3000);
    expect(m.text.length).toBeGreaterThan(100);
  });

  it('produces blocks for an info reply with many fields', () => {
    const info = toBlockKit(
      infoReply('Sources in the knowledge base', 'x', {
        fields: Array.from({ length: 600 }, (_, i) => ({ name: `n${i}`, value: 'v' })),
      }),
    );
    expect(info.blocks.length).toBeLessThanOrEqual(50);
  });
});
