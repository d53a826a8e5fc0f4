/**
 * Pure renderer: Reply -> a Discord message payload (one embed + buttons), like Vercel chat SDK's
 * `cardToDiscordPayload`. Every Discord limit is respected by truncating cleanly, never by a failed request, and
 * every payload carries `allowed_mentions: { parse: [] }` so nothing in a question or an article pings anybody.
 */
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
  MessageFlags,
} from 'discord.js';
import { type Citation, type Reply, type ReplyStatus, truncate } from '../../core/reply.js';
import { escapeMaskedLinks } from '../../safeText.js';
import { quotedInText, textSays } from '../citations.js';

/** Discord's documented message and embed limits. */
export const LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  /** Sum of title, description, field names and values, footer text and author name over all embeds. */
  total: 6000,
  embeds: 10,
  content: 2000,
  customId: 100,
  buttonLabel: 80,
  buttonsPerRow: 5,
} as const;

export const COLOURS = {
  answered: 0x2ecc71,
  contested: 0xf1a70f,
  unknown: 0x95a5a6,
  error: 0xe74c3c,
  info: 0x5865f2,
} as const;

const STATUS_LABEL: Record<ReplyStatus, string> = {
  answered: 'Answer',
  contested: 'Contested: sources disagree',
  unknown: 'Not in the knowledge base',
};

export const CUSTOM_ID = {
  sources: (questionId: number) => `whip:sources:${questionId}`,
  feedbackUp: (questionId: number) => `whip:fb:up:${questionId}`,
  feedbackDown: (questionId: number) => `whip:fb:down:${questionId}`,
};

export type ParsedCustomId =
  | { kind: 'sources'; questionId: number }
  | { kind: 'feedback'; vote: 1 | -1; questionId: number }
  | { kind: 'unknown' };

export function parseCustomId(customId: string): ParsedCustomId {
  const sources = /^whip:sources:(\d{1,15})$/.exec(customId);
  if (sources) return { kind: 'sources', questionId: Number(sources[1]) };
  const fb = /^whip:fb:(up|down):(\d{1,15})$/.exec(customId);
  if (fb) return { kind: 'feedback', vote: fb[1] === 'up' ? 1 : -1, questionId: Number(fb[2]) };
  return { kind: 'unknown' };
}

/** The message body as Discord's API takes it (POST /channels/:id/messages, interaction responses). */
export interface DiscordPayload {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowed_mentions: { parse: [] };
  flags?: number;
}

export interface RenderOptions {
  /** Most citations shown as fields (the Sources view shows all that fit). Default 3. */
  maxCitations?: number;
  /** Render Sources/feedback buttons when the reply allows them. Default true. */
  buttons?: boolean;
  /** Force the ephemeral flag on (true) or off (false, e.g. channel posts); default: the reply decides. */
  ephemeral?: boolean;
}

/**
 * Defuse mass and targeted mentions in text we display. `allowed_mentions` already stops any ping; this also
 * stops `@everyone` or `<@&role>` from *looking* like a mention inside an embed. A zero-width space does it.
 */
export function defuseMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, '@\u200b$1').replace(/<@([!&]?\d)/g, '<@\u200b$1');
}

/** Text from a reply, made safe and cut to `max`. */
function clean(text: string, max: number): string {
  return truncate(defuseMentions(text).trim(), max);
}

/** Verbatim article text: defuse mentions and escape Markdown so it shows exactly as written. */
function verbatim(text: string): string {
  // discord.js's escapeMarkdown leaves masked links alone by default; article text must not carry one.
  return escapeMaskedLinks(escapeMarkdown(defuseMentions(text.replace(/\s+/g, ' ').trim())));
}

function safeUrl(url: string | undefined): string | undefined {
  if (!url || !/^https?:\/\/[^\s]+$/i.test(url) || url.length > 512) return undefined;
  return url.replace(/\)/g, '%29').replace(/\(/g, '%28');
}

/** "> line" block quote of a (possibly multi-line) quote, within `max` characters. */
function blockQuote(quote: string, max: number): string {
  const q = truncate(verbatim(quote), Math.max(1, max - 4));
  return `> “${q}”`;
}

/** One citation as an embed field: the article (title, publication) as name, the quote and provenance as value. */
export function citationField(c: Citation, i: number, maxValue: number = LIMITS.fieldValue): APIEmbedField {
  const where = [c.title ? `“${c.title}”` : c.source, c.publication].filter(Boolean).join(', ');
  const name = clean(`[${i + 1}] ${where}`, LIMITS.fieldName);
  const tail: string[] = [];
  const meta = [c.attribution ? `— ${c.attribution}` : undefined, c.asOf ? `as of ${c.asOf}` : undefined]
    .filter(Boolean)
    .join(', ');
  if (meta) tail.push(clean(meta, 300));
  const url = safeUrl(c.url);
  if (url) tail.push(`[Read the article](${url})`);
  const tailText = tail.length ? `\n${tail.join('\n')}` : '';
  const room = Math.max(16, Math.min(maxValue, LIMITS.fieldValue) - tailText.length);
  const value = `${blockQuote(c.quote, room)}${tailText}`;
  return { name, value: truncate(value, Math.min(maxValue, LIMITS.fieldValue)) };
}

function colourOf(reply: Reply): number {
  if (reply.kind === 'error') return COLOURS.error;
  if (reply.kind === 'info') return reply.status === 'answered' ? COLOURS.info : COLOURS[reply.status];
  return COLOURS[reply.status];
}

function titleOf(reply: Reply): string | undefined {
  if (reply.kind === 'error') return reply.title ? clean(reply.title, LIMITS.title) : undefined;
  if (reply.kind === 'info') return clean(reply.title ?? reply.answer ?? 'Whip', LIMITS.title);
  return clean(reply.answer ?? reply.title ?? STATUS_LABEL[reply.status], LIMITS.title);
}

function footerOf(reply: Reply): string | undefined {
  if (reply.kind !== 'answer') return undefined;
  const parts: string[] = [];
  if (reply.answer && reply.status !== 'answered') parts.push(STATUS_LABEL[reply.status]);
  if (reply.status !== 'unknown') parts.push(`confidence ${Math.round(reply.confidence * 100)}%`);
  parts.push('Whip');
  return parts.join(' · ');
}

function descriptionOf(reply: Reply): string {
  // The text carries article wording: a masked link in it must not render as a clickable, mislabelled link.
  const parts = [escapeMaskedLinks(defuseMentions(reply.text.trim()))];
  if (reply.suggestions?.length) {
    parts.push(`**You could ask:**\n${reply.suggestions.map((s) => `• ${defuseMentions(s)}`).join('\n')}`);
  }
  return parts.filter(Boolean).join('\n\n');
}

/** Characters Discord counts towards the 6000 total of an embed. */
export function embedSize(e: APIEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0);
  n += (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

export function totalSize(embeds: APIEmbed[]): number {
  return embeds.reduce((n, e) => n + embedSize(e), 0);
}

/** Clamp every part of an embed to its own limit. */
export function clampEmbed(e: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...e };
  if (out.title !== undefined) out.title = truncate(out.title, LIMITS.title);
  if (out.description !== undefined) out.description = truncate(out.description, LIMITS.description);
  if (out.footer) out.footer = { ...out.footer, text: truncate(out.footer.text, LIMITS.footer) };
  if (out.author) out.author = { ...out.author, name: truncate(out.author.name, LIMITS.author) };
  if (out.fields) {
    out.fields = out.fields.slice(0, LIMITS.fields).map((f) => ({
      ...f,
      name: truncate(f.name, LIMITS.fieldName) || '\u200b',
      value: truncate(f.value, LIMITS.fieldValue) || '\u200b',
    }));
  }
  return out;
}

/**
 * Make a list of embeds fit Discord: at most 10, each part within its limit, and the total within `max`
 * (6000). Over budget, trailing fields go first (citations are last), then descriptions and titles shrink.
 * Returns the embeds and how many fields were dropped.
 */
export function fitEmbeds(
  input: APIEmbed[],
  max: number = LIMITS.total,
): { embeds: APIEmbed[]; droppedFields: number } {
  const embeds = input.slice(0, LIMITS.embeds).map(clampEmbed);
  let dropped = 0;
  let over = totalSize(embeds) - max;
  // 1. drop trailing fields, last embed first
  for (let i = embeds.length - 1; i >= 0 && over > 0; i--) {
    const e = embeds[i] as APIEmbed;
    while (over > 0 && e.fields?.length) {
      const f = e.fields.pop() as APIEmbedField;
      over -= f.name.length + f.value.length;
      dropped++;
    }
  }
  // 2. shrink descriptions, the longest first
  while (over > 0) {
    const e = embeds
      .filter((x) => (x.description?.length ?? 0) > 1)
      .sort((a, b) => (b.description?.length ?? 0) - (a.description?.length ?? 0))[0];
    if (!e?.description) break;
    const before = e.description.length;
    e.description = truncate(e.description, Math.max(1, before - over));
    over -= before - e.description.length;
  }
  // 3. last resort: footers, author lines, then titles
  for (const e of embeds) {
    if (over > 0 && e.footer) {
      over -= e.footer.text.length;
      delete e.footer;
    }
    if (over > 0 && e.author) {
      over -= e.author.name.length;
      delete e.author;
    }
    if (over > 0 && e.title && e.title.length > 1) {
      const cut = truncate(e.title, Math.max(1, e.title.length - over));
      over -= e.title.length - cut.length;
      e.title = cut;
    }
  }
  return { embeds, droppedFields: dropped };
}

function buttonsFor(reply: Reply): APIActionRowComponent<APIButtonComponent>[] {
  const id = reply.questionId;
  if (id === undefined || !Number.isInteger(id)) return [];
  const actions = new Set(reply.actions ?? []);
  if (reply.kind === 'answer' && !reply.actions) {
    if (reply.citations.length || reply.sides?.some((s) => s.citations.length)) actions.add('sources');
    actions.add('feedback');
  }
  const buttons: APIButtonComponent[] = [];
  if (actions.has('sources')) {
    buttons.push({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      custom_id: CUSTOM_ID.sources(id),
      label: 'Sources',
      emoji: { name: '📚' },
    });
  }
  if (actions.has('feedback')) {
    buttons.push(
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: CUSTOM_ID.feedbackUp(id),
        emoji: { name: '👍' },
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: CUSTOM_ID.feedbackDown(id),
        emoji: { name: '👎' },
      },
    );
  }
  return buttons.length ? [{ type: ComponentType.ActionRow, components: buttons.slice(0, LIMITS.buttonsPerRow) }] : [];
}

/** Reply -> Discord message payload. Pure. */
export function replyToDiscord(reply: Reply, opts: RenderOptions = {}): DiscordPayload {
  const maxCitations = opts.maxCitations ?? 3;
  const embed: APIEmbed = { color: colourOf(reply) };
  const title = titleOf(reply);
  if (title) embed.title = title;
  const description = descriptionOf(reply);
  if (description) embed.description = truncate(description, LIMITS.description);
  if (reply.question && reply.kind === 'answer') {
    embed.author = { name: clean(`Q: ${reply.question.replace(/\s+/g, ' ')}`, LIMITS.author) };
  }

  const fields: APIEmbedField[] = [];
  for (const f of reply.fields ?? []) {
    fields.push({
      name: clean(f.name, LIMITS.fieldName) || '\u200b',
      value: clean(f.value, LIMITS.fieldValue) || '\u200b',
      inline: f.inline,
    });
  }
  // Each thing once: what the text already says (its date, its source, the sides) gets no field of its own.
  if (reply.asOf && !textSays(reply, reply.asOf))
    fields.push({ name: 'As of', value: clean(reply.asOf, LIMITS.fieldValue), inline: true });
  if (reply.attribution && !textSays(reply, reply.attribution))
    fields.push({ name: 'According to', value: clean(reply.attribution, LIMITS.fieldValue), inline: true });
  for (const side of reply.sides ?? []) {
    if (textSays(reply, side.text)) continue;
    fields.push({ name: clean(side.label, LIMITS.fieldName) || '\u200b', value: clean(side.text, LIMITS.fieldValue) });
  }
  const citationFieldsStart = fields.length;
  // Quotes the text already shows are behind the Sources button, not repeated here.
  const listed = reply.citations.filter((c) => !quotedInText(reply, c));
  const shown = listed.slice(0, Math.max(0, Math.min(maxCitations, LIMITS.fields - fields.length)));
  shown.forEach((c, i) => {
    fields.push(citationField(c, i));
  });
  if (fields.length) embed.fields = fields;
  if (!embed.title && !embed.description && !fields.length) embed.description = '…';

  const footer = footerOf(reply);
  if (footer) embed.footer = { text: footer };

  // Keep room for a "N more sources" note, then fit.
  const { embeds } = fitEmbeds([embed], LIMITS.total - 80);
  const first = embeds[0] as APIEmbed;
  const keptCitations = Math.max(0, (first.fields?.length ?? 0) - citationFieldsStart);
  const hidden = listed.length - Math.min(keptCitations, shown.length);
  if (hidden > 0) {
    const note = `${hidden} more source${hidden === 1 ? '' : 's'}${reply.questionId !== undefined && opts.buttons !== false ? ' under Sources' : ''}`;
    first.footer = { text: truncate(first.footer ? `${first.footer.text} · ${note}` : note, LIMITS.footer) };
  }

  const ephemeral = opts.ephemeral ?? (reply.ephemeral === true || reply.kind === 'error');
  const payload: DiscordPayload = {
    embeds,
    components: opts.buttons === false ? [] : buttonsFor(reply),
    allowed_mentions: { parse: [] },
  };
  if (ephemeral) payload.flags = MessageFlags.Ephemeral;
  return payload;
}

/** The Sources view: every citation that fits, ephemeral, no buttons. */
export function citationsToDiscord(reply: Reply): DiscordPayload {
  // The fields carry each quote with its article, attribution and date; a text listing the same is left out.
  const text = reply.citations.length ? '' : reply.text;
  return replyToDiscord(
    { ...reply, text, sides: undefined, questionId: undefined, actions: [] },
    { maxCitations: LIMITS.fields, buttons: false, ephemeral: true },
  );
}

/** A plain short message (thanks, errors of the adapter itself): content within 2000, no pings. */
export function textToDiscord(text: string, ephemeral = true): DiscordPayload {
  const payload: DiscordPayload = {
    content: clean(text, LIMITS.content),
    embeds: [],
    components: [],
    allowed_mentions: { parse: [] },
  };
  if (ephemeral) payload.flags = MessageFlags.Ephemeral;
  return payload;
}
