/**
 * Subcommands that belong to a platform or a feature rather than to the chat command set. Each registers
 * commander commands whose actions import their module lazily, so `whip ask` stays fast.
 */
import type { Command } from 'commander';
import { registerDigestCli } from './digest.js';
import { registerDiscordCli } from './discord.js';
import { registerIngestCli } from './ingest.js';
import { registerSlackCli } from './slack.js';

export function registerExtraCommands(program: Command): void {
  // Filled in by the Discord, Slack, digest and ingestion modules: one line each, e.g.
  // registerDiscordCli(program);
  registerDiscordCli(program);
  registerSlackCli(program);
  registerDigestCli(program);
  registerIngestCli(program);
  void program;
}
