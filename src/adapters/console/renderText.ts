/**
 * Pure renderer: Reply -> readable plain text (console, logs, and every platform's fallback text).
 */
import type { Citation, Reply } from '../../core/reply.js';
import { stripControl } from '../../safeText.js';

const STATUS_LABEL: Record<Reply['status'], string> = {
  answered: 'Answer',
  contested: 'Contested',
  unknown: 'Not in the knowledge base',
};

export function citationLine(c: Citation, i: number): string {
  const where = [c.title ? `“${c.title}”` : c.source, c.publication, c.asOf ? `as of ${c.asOf}` : undefined]
    .filter(Boolean)
    .join(', ');
  const who = c.attribution ? ` — ${c.attribution}` : '';
  return `  [${i + 1}] "${c.quote}"${who}\n      (${where}${c.url ? `, ${c.url}` : ''})`;
}

/** The reply as terminal-safe text: control characters from titles, quotes or questions are stripped. */
export function renderText(reply: Reply): string {
  return stripControl(renderPlain(reply));
}

function renderPlain(reply: Reply): string {
  if (reply.kind === 'error') return `! ${reply.text}`;
  const lines: string[] = [];
  if (reply.kind === 'info') {
    if (reply.title) lines.push(reply.title, '-'.repeat(Math.min(reply.title.length, 60)));
    lines.push(reply.text);
  } else {
    const head = reply.answer ? `${STATUS_LABEL[reply.status]}: ${reply.answer}` : STATUS_LABEL[reply.status];
    lines.push(head, reply.text);
  }
  for (const f of reply.fields ?? []) lines.push(`${f.name}: ${f.value}`);
  if (reply.suggestions?.length) lines.push('You could ask:', ...reply.suggestions.map((s) => `  - ${s}`));
  if (reply.citations.length) {
    lines.push('Sources:');
    reply.citations.forEach((c, i) => {
      lines.push(citationLine(c, i));
    });
  }
  if (reply.kind === 'answer' && reply.status !== 'unknown') {
    lines.push(`(confidence ${Math.round(reply.confidence * 100)}%)`);
  }
  return lines.join('\n');
}
