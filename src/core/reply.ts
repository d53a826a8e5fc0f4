/**
 * The reply model: the one platform-neutral shape every command returns and every adapter renders
 * (console text, Discord embed, Slack Block Kit). Renderers are pure functions of a Reply.
 */

export type ReplyStatus = 'answered' | 'contested' | 'unknown';

/** Who a statement comes from, as a reader should see it. */
export interface Attribution {
  kind: 'named' | 'anonymous' | 'spokesman' | 'reporter';
  /** "Ed Miliband", "senior Labour figures", "a spokesman for Mr Miliband", "the article". */
  description: string;
}

export interface Citation {
  /** Stable id of the article the quote comes from. */
  source: string;
  /** Verbatim text from that article. */
  quote: string;
  title?: string;
  publication?: string;
  url?: string;
  /** Human "as of" of the article, e.g. "April 2014 (inferred)". */
  asOf?: string;
  /** Who said it, e.g. "according to senior Labour figures (anonymous)". */
  attribution?: string;
}

export interface ReplyField {
  name: string;
  value: string;
  inline?: boolean;
}

/** One side of a contested question. */
export interface ReplySide {
  label: string;
  text: string;
  citations: Citation[];
}

/** Interactive actions an adapter may render as buttons. */
export type ReplyAction = 'sources' | 'feedback';

export interface Reply {
  /** `answer`: a reply to a question; `info`: a listing or help; `error`: a usage error (ephemeral). */
  kind: 'answer' | 'info' | 'error';
  status: ReplyStatus;
  /** The question as asked, when the reply answers one. */
  question?: string;
  /** Short answer: a name, number, date, place or phrase (<= 120 chars); null when unknown. */
  answer: string | null;
  /** The reply as a person reads it (<= 1500 chars). */
  text: string;
  citations: Citation[];
  confidence: number;
  /** Heading for info replies ("Sources in the knowledge base"). */
  title?: string;
  /** "as of" of the evidence, e.g. "April 2014 (inferred)". */
  asOf?: string;
  /** Attribution summary, e.g. "according to senior Labour figures (anonymous)". */
  attribution?: string;
  fields?: ReplyField[];
  /** Both sides when status is `contested`. */
  sides?: ReplySide[];
  /** What the KB can answer, offered on `unknown`. */
  suggestions?: string[];
  /** Only the caller should see it (usage errors, previews, the Sources view). */
  ephemeral?: boolean;
  actions?: ReplyAction[];
  /** Id of the question-log row, so feedback buttons can refer to it. */
  questionId?: number;
}

export const MAX_ANSWER = 120;
export const MAX_TEXT = 1500;

/** Cut text to `max` characters at a word boundary, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return text.slice(0, max);
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Enforce the model's size limits so no adapter ever receives an oversized reply. */
export function clampReply(reply: Reply): Reply {
  return {
    ...reply,
    answer: reply.answer === null ? null : truncate(reply.answer, MAX_ANSWER),
    text: truncate(reply.text, MAX_TEXT),
    confidence: Math.max(0, Math.min(1, reply.confidence)),
  };
}

export function infoReply(title: string, text: string, extra: Partial<Reply> = {}): Reply {
  return clampReply({
    kind: 'info',
    status: 'answered',
    answer: null,
    text,
    citations: [],
    confidence: 1,
    title,
    ...extra,
  });
}

export function errorReply(text: string, extra: Partial<Reply> = {}): Reply {
  return clampReply({
    kind: 'error',
    status: 'unknown',
    answer: null,
    text,
    citations: [],
    confidence: 0,
    ephemeral: true,
    ...extra,
  });
}

/** The JSON contract of `whip ask --json`: keep it stable. */
export function toJsonContract(reply: Reply, question: string) {
  return {
    question,
    status: reply.status,
    answer: reply.answer,
    text: reply.text,
    citations: reply.citations.map((c) => ({ source: c.source, quote: c.quote })),
    confidence: Math.round(reply.confidence * 1000) / 1000,
  };
}
