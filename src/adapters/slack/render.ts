/**
 * Pure renderer: Reply -> Slack message `{ text, blocks }` (Block Kit), like the chat SDK's cardToBlockKit /
 * cardToFallbackText. No I/O, no Bolt runtime: only types are imported.
 *
 * Safety: every piece of text that comes from a user or an article is escaped for mrkdwn (`&`, `<`, `>`), and
 * mrkdwn text objects are `verbatim`, so `<!channel>`, `<!here>` or `<@U…>` in a question or a quote never pings
 * anybody. plain_text objects (header, buttons) are never parsed for mentions by Slack and are left as they are.
 *
 * Limits (Slack's): 50 blocks, 3000 characters per section text, 150 per header, 75 per button text, 2000 per
 * context element (10 elements), 10 fields of 2000 per section. Everything is cut cleanly with `truncate`.
 */
import type { types } from '@slack/bolt';
import { type Citation, type Reply, truncate } from '../../core/reply.js';
import { quotedInText, textSays } from '../citations.js';
import { renderText } from '../console/renderText.js';

export type SlackBlock = types.KnownBlock;

export interface SlackMessage {
  /** Plain-text fallback (notifications, screen readers, clients without blocks). Always set, escaped. */
  text: string;
  blocks: SlackBlock[];
}

export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  header: 150,
  buttonText: 75,
  contextElement: 2000,
  contextElements: 10,
  sectionFields: 10,
  fieldText: 2000,
  fallbackText: 3000,
} as const;

export const ACTION_SOURCES = 'whip_sources';
export const ACTION_FEEDBACK_UP = 'whip_feedback_up';
export const ACTION_FEEDBACK_DOWN = 'whip_feedback_down';

const STATUS_LABEL: Record<Reply['status'], string> = {
  answered: 'Answer',
  contested: 'Contested',
  unknown: 'Not in the knowledge base',
};

/** Escape the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escape `raw` and fit it in `max` characters. The cut is made on the raw text (at a word boundary, via
 * `truncate`) so an entity like `&amp;` is never split.
 */
export function fitMrkdwn(raw: string, max: number): string {
  const escaped = escapeMrkdwn(raw);
  if (escaped.length <= max) return escaped;
  // Binary search for the longest raw cut whose escaped form fits (escaping only ever lengthens text).
  let lo = 1;
  let hi = Math.min(raw.length, max);
  let best = '…';
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const candidate = escapeMrkdwn(truncate(raw, mid));
    if (candidate.length <= max) {
      best = candidate;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

/** Plain text (never parsed for mentions by Slack), on one line, cut to `max`; never empty. */
function plain(text: string, max: number): types.PlainTextElement {
  const t = truncate(text.replace(/\s+/g, ' ').trim(), max);
  return { type: 'plain_text', text: t || '…', emoji: true };
}

function md(text: string): types.MrkdwnElement {
  return { type: 'mrkdwn', text, verbatim: true };
}

/** A section with already-escaped mrkdwn (callers build it with fitMrkdwn / escapeMrkdwn). */
function section(mrkdwnText: string): types.SectionBlock {
  return { type: 'section', text: md(mrkdwnText.slice(0, SLACK_LIMITS.sectionText) || ' ') };
}

/** A link `<url|label>` when the URL is http(s), otherwise just the escaped label. */
export function linkTo(url: string | undefined, label: string, max = 500): string {
  const text = fitMrkdwn(label.replace(/\|/g, '¦'), max);
  if (!url || !/^https?:\/\/[^\s<>|]+$/i.test(url) || url.length > 1000) return text;
  return `<${url.replace(/&/g, '&amp;')}|${text}>`;
}

/** Prefix every line with `>` so Slack shows it as a block quote. */
export function quoteLines(escaped: string): string {
  return escaped
    .split('\n')
    .map((l) => `>${l}`)
    .join('\n');
}

/** One citation as a quote block: the verbatim quote, then title (linked when known), publication, as of, who. */
export function citationBlock(c: Citation, index: number): types.SectionBlock {
  const where = [
    `*[${index + 1}]* ${linkTo(c.url, c.title ?? c.source)}`,
    c.publication ? fitMrkdwn(c.publication, 200) : undefined,
    c.asOf ? `as of ${fitMrkdwn(c.asOf, 100)}` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  const who = c.attribution ? `\n_${fitMrkdwn(c.attribution, 300)}_` : '';
  const tail = `\n${where}${who}`;
  // The quote gets what is left of the section's 3000 characters (the `>` prefixes count too).
  const room = SLACK_LIMITS.sectionText - tail.length - 2;
  const lines = Math.max(1, c.quote.split('\n').length);
  const quote = quoteLines(fitMrkdwn(`“${c.quote.trim()}”`, Math.max(20, room - lines)));
  return section(`${quote}${tail}`);
}

function contextBlock(elements: string[]): types.ContextBlock | undefined {
  const els = elements
    .filter((e) => e.length > 0)
    .slice(0, SLACK_LIMITS.contextElements)
    .map((e) => md(e.slice(0, SLACK_LIMITS.contextElement)));
  return els.length ? { type: 'context', elements: els } : undefined;
}

function headerBlock(text: string): types.HeaderBlock {
  return { type: 'header', text: plain(text, SLACK_LIMITS.header) };
}

function fieldBlocks(fields: NonNullable<Reply['fields']>): types.SectionBlock[] {
  const out: types.SectionBlock[] = [];
  for (let i = 0; i < fields.length; i += SLACK_LIMITS.sectionFields) {
    out.push({
      type: 'section',
      fields: fields.slice(i, i + SLACK_LIMITS.sectionFields).map((f) => {
        const name = fitMrkdwn(f.name, 200);
        return md(`*${name}*\n${fitMrkdwn(f.value, SLACK_LIMITS.fieldText - name.length - 4)}`);
      }),
    });
  }
  return out;
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): types.Button {
  return {
    type: 'button',
    action_id: actionId,
    value,
    text: plain(text, SLACK_LIMITS.buttonText),
    ...(style ? { style } : {}),
  };
}

/** The buttons of an answer: Sources and 👍/👎, when the answer is in the question log. */
function actionsBlock(reply: Reply): types.ActionsBlock | undefined {
  if (reply.kind !== 'answer' || reply.questionId === undefined || reply.questionId === null) return undefined;
  const wanted = reply.actions ?? ['sources', 'feedback'];
  const value = String(reply.questionId);
  const elements: types.Button[] = [];
  if (wanted.includes('sources')) elements.push(button('📚 Sources', ACTION_SOURCES, value));
  if (wanted.includes('feedback')) {
    elements.push(
      button('👍 Helpful', ACTION_FEEDBACK_UP, value),
      button('👎 Not helpful', ACTION_FEEDBACK_DOWN, value),
    );
  }
  return elements.length ? { type: 'actions', block_id: `whip_actions_${value}`, elements } : undefined;
}

function answerHeader(reply: Reply): string {
  if (reply.status === 'unknown') return STATUS_LABEL.unknown;
  if (reply.status === 'contested') return reply.answer ? `Contested: ${reply.answer}` : STATUS_LABEL.contested;
  return reply.answer ?? STATUS_LABEL.answered;
}

/** Plain-text fallback: the console rendering, escaped for mrkdwn and cut to Slack's recommended size. */
export function toFallbackText(reply: Reply): string {
  const raw = reply.kind === 'error' ? reply.text : renderText(reply);
  return fitMrkdwn(raw.trim() || 'Whip', SLACK_LIMITS.fallbackText);
}

export function toBlockKit(reply: Reply): SlackMessage {
  const head: SlackBlock[] = [];
  const tail: SlackBlock[] = [];

  if (reply.kind === 'error') {
    head.push(section(`:warning: ${fitMrkdwn(reply.text, SLACK_LIMITS.sectionText - 12)}`));
    return { text: toFallbackText(reply), blocks: head };
  }

  if (reply.kind === 'answer') {
    head.push(headerBlock(answerHeader(reply)));
    if (reply.question) {
      const q = contextBlock([`*Q:* ${fitMrkdwn(reply.question, SLACK_LIMITS.contextElement - 10)}`]);
      if (q) head.push(q);
    }
  } else if (reply.title) {
    head.push(headerBlock(reply.title));
  }
  if (reply.text.trim()) head.push(section(fitMrkdwn(reply.text, SLACK_LIMITS.sectionText)));
  if (reply.fields?.length) head.push(...fieldBlocks(reply.fields));

  const quotes: SlackBlock[] = [];
  // Each thing once: a side the text already states is not repeated; its quotes are among the citations below.
  for (const side of reply.sides ?? []) {
    if (textSays(reply, side.text)) continue;
    const label = fitMrkdwn(side.label, 200);
    head.push(section(`*${label}*\n${fitMrkdwn(side.text, SLACK_LIMITS.sectionText - label.length - 3)}`));
  }
  if (reply.suggestions?.length) {
    const list = reply.suggestions.map((s) => `• ${s}`).join('\n');
    head.push(section(`*You could ask:*\n${fitMrkdwn(list, SLACK_LIMITS.sectionText - 20)}`));
  }
  reply.citations.forEach((c, i) => {
    // A quote the text already shows stays behind the Sources button.
    if (!quotedInText(reply, c)) quotes.push(citationBlock(c, i));
  });

  const meta = contextBlock(
    [
      reply.asOf && !textSays(reply, reply.asOf) ? `As of ${fitMrkdwn(reply.asOf, 300)}` : '',
      reply.attribution && !textSays(reply, reply.attribution) ? fitMrkdwn(reply.attribution, 1000) : '',
      reply.kind === 'answer' && reply.status !== 'unknown' ? `confidence ${Math.round(reply.confidence * 100)}%` : '',
      reply.citations.length ? `${reply.citations.length} source${reply.citations.length === 1 ? '' : 's'}` : '',
    ].filter(Boolean),
  );
  if (meta) tail.push(meta);
  const actions = actionsBlock(reply);
  if (actions) tail.push(actions);

  // Keep the head and the tail (buttons); drop what does not fit in the middle, saying so.
  const room = SLACK_LIMITS.blocks - tail.length;
  let body = [...head, ...quotes];
  if (body.length > room) {
    const hidden = body.length - (room - 1);
    const more = contextBlock([
      `…and ${hidden} more block${hidden === 1 ? '' : 's'} not shown${actions ? ' — press Sources for every citation' : ''}.`,
    ]) as types.ContextBlock;
    body = [...body.slice(0, room - 1), more];
  }
  return { text: toFallbackText(reply), blocks: [...body, ...tail] };
}
