/**
 * Pure renderer: Reply -> readable plain text (console, logs, and every platform's fallback text).
 */
import type { Citation, Reply } from '../../core/reply.js';
import { stripControl } from '../../safeText.js';
import { quotedInText } from '../citations.js';

const STATUS_LABEL: Record<Reply['status'], string> = {
  answered: 'Answer',
  contested: 'Contested',
  unknown: 'Not in the knowledge base',
};

/** One source; `sourceOnly` when the text above already shows its quote (then only where it is from). */
export function citationLine(c: Citation, i: number, sourceOnly = false): string {
  const where = [c.title ? `“${c.title}”` : c.source, c.publication, c.asOf ? `as of ${c.asOf}` : undefined]
    .filter(Boolean)
    .join(', ');
  const url = c.url ? `, ${c.url}` : '';
  if (sourceOnly) return `  [${i + 1}] ${where}${url}`;
  const who = c.attribution ? ` — ${c.attribution}` : '';
  return `  [${i + 1}] "${c.quote}"${who}\n      ${where}${url}`;
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
    // A quote the text already shows is listed by its source only, and one article once ("[1, 2] “Title”, …").
    const sourceOnly = new Map<string, number[]>();
    reply.citations.forEach((c, i) => {
      if (!quotedInText(reply, c)) {
        lines.push(citationLine(c, i));
        return;
      }
      const line = citationLine(c, i, true).replace(/^\s*\[\d+\]\s*/, '');
      const seen = sourceOnly.get(line);
      if (seen) seen.push(i + 1);
      else {
        sourceOnly.set(line, [i + 1]);
        lines.push(line);
      }
    });
    for (const [line, numbers] of sourceOnly) {
      const at = lines.indexOf(line);
      if (at >= 0) lines[at] = `  [${numbers.join(', ')}] ${line}`;
    }
  }
  if (reply.kind === 'answer' && reply.status !== 'unknown') {
    lines.push(`(confidence ${Math.round(reply.confidence * 100)}%)`);
  }
  return lines.join('\n');
}
