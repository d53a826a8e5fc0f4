/** Text matched literally inside a RegExp: its special characters escaped ("Mr O'Neill (Lab)" -> "Mr O'Neill \(Lab\)"). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
