/**
 * The command set, declared once (one file per command) and served on Discord, Slack and the console.
 */
import type { CommandSpec } from '../src/core/commands/spec.js';
import ask from './ask.js';
import claims from './claims.js';
import digest from './digest.js';
import feeds from './feeds.js';
import help from './help.js';
import profile from './profile.js';
import quote from './quote.js';
import sources from './sources.js';
import who from './who.js';

export const commands: CommandSpec[] = [ask, who, quote, claims, profile, sources, feeds, digest, help];
