/**
 * Incoming Slack text -> the plain line the shared parser reads. Slack sends `&`, `<`, `>` as entities and wraps
 * links, channels and mentions in `<…>`; the bot's own mention is removed from `@Whip who is …`.
 */

/** Remove every mention of the bot (`<@U123>` or `<@U123|whip>`) and tidy the spaces left behind. */
export function stripBotMention(text: string, botUserId: string | undefined): string {
  if (!botUserId) return text.trim();
  const id = botUserId.replace(/[^A-Z0-9]/gi, '');
  return text
    .replace(new RegExp(`<@${id}(?:\\|[^>]*)?>[,:]?`, 'g'), ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** Does `text` mention the bot? */
export function mentionsBot(text: string | undefined, botUserId: string | undefined): boolean {
  if (!text || !botUserId) return false;
  return text.includes(`<@${botUserId}>`) || text.includes(`<@${botUserId}|`);
}

/**
 * Slack markup -> plain text: `<https://x|label>` -> label, `<https://x>` -> the URL, `<#C1|general>` -> #general,
 * then the three entities decoded. User and special mentions (`<@U…>`, `<!channel>`) are kept as they are: they are
 * only text to the engine, and every renderer escapes them on the way out.
 */
export function fromSlackText(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>\s]+)\|([^>]*)>/g, (_m, _url: string, label: string) => label)
    .replace(/<((?:https?|mailto):[^|>\s]+)>/g, (_m, url: string) => url)
    .replace(/<#[CG][A-Z0-9]+\|([^>]*)>/g, (_m, name: string) => `#${name}`)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
