/**
 * Article text shown safely (issue #14): a masked Markdown link from an article does not render as a clickable,
 * mislabelled link in a Discord embed; terminal escape sequences from titles and quotes never reach the CLI.
 */
import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/adapters/console/renderText.js';
import { citationField, replyToDiscord } from '../../src/adapters/discord/render.js';
import type { Reply } from '../../src/core/reply.js';
import { escapeMarkdown, escapeMaskedLinks, stripControl } from '../../src/safeText.js';

const PHISH = '[Official results](https://phish.example/login)';

const reply = (over: Partial<Reply> = {}): Reply => ({
  kind: 'answer',
  status: 'answered',
  answer: 'Labour',
  text: `Labour won, according to ${PHISH}.`,
  citations: [
    {
      quote: `See ${PHISH} \x1b]0;pwned\x07now`,
      title: 'Results \x1b[2J\x1b[31mred',
      source: 'results',
      url: 'javascript:alert(1)',
    } as Reply['citations'][number],
  ],
  confidence: 0.9,
  ...over,
});

describe('Discord', () => {
  it('an answer text with a masked link shows the brackets escaped', () => {
    const payload = replyToDiscord(reply());
    const description = payload.embeds?.[0]?.description ?? '';
    expect(description).toContain('\\[Official results\\](https://phish.example/login)');
    expect(description).not.toMatch(/(^|[^\\])\[Official results\]\(/);
  });

  it('a quoted masked link is escaped; a javascript: URL gives no link', () => {
    const field = citationField(reply().citations[0] as Reply['citations'][number], 0);
    expect(field.value).not.toMatch(/(^|[^\\])\[Official results\]\(/);
    expect(field.value).not.toContain('javascript:');
  });

  it('helpers', () => {
    expect(escapeMaskedLinks(`**bold** ${PHISH}`)).toBe('**bold** \\[Official results\\](https://phish.example/login)');
    expect(escapeMarkdown('*a* _b_ [c](d)')).toBe('\\*a\\* \\_b\\_ \\[c\\](d)');
  });
});

describe('terminal', () => {
  it('control characters and escape sequences are stripped from CLI output', () => {
    const out = renderText(reply());
    expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(out).toContain('Results red');
    expect(out).toContain('now');
    expect(stripControl('a\x1b[1;31mb\x1b[0m\x07c\x9bd\nnext\tcol')).toBe('abcd\nnext\tcol');
  });
});
