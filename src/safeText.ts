/**
 * Text from articles, feeds and users made safe for where it is shown: terminal control characters stripped for
 * the CLI (a title carrying ESC sequences must not recolour, retitle or clear the user's terminal), Markdown
 * escaped for Discord embeds (article text must not render as a link with a misleading label).
 */

/**
 * ESC-introduced sequences (CSI … final byte, OSC … BEL/ST, and two-character escapes), then every other C0 and C1
 * control character and DEL. Newlines and tabs are kept: they are layout, not control.
 */
const ESCAPE_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])/g;
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

export function stripControl(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}

/**
 * Discord Markdown escaped: emphasis, strike, spoiler, code, quote and heading markers, and link brackets, so
 * `[Official results](https://phish.example/login)` shows as typed. Whip's own formatting is added around the
 * escaped text by the renderer.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\*_~`|[\]]/g, (c) => `\\${c}`)
    .replace(/^(\s*)(#{1,3}\s|>\s?|-#\s)/gm, (_m, sp: string, mark: string) => `${sp}\\${mark}`);
}

/**
 * Masked links (`[label](url)`) defused by escaping their brackets, leaving other Markdown alone: for text that
 * mixes Whip's own formatting with article wording (an answer's text).
 */
export function escapeMaskedLinks(text: string): string {
  return text.replace(/\[([^[\]\n]*)\]\(/g, '\\[$1\\](');
}
