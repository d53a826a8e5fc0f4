/** `whip slack manifest`: print a Slack app manifest generated from commands/ (YAML, or JSON with --json). */
import type { Command } from 'commander';

export function registerSlackCli(program: Command): void {
  const slack = program.command('slack').description('Slack app set-up');
  slack
    .command('manifest')
    .description('Print a Slack app manifest (slash command, scopes, events, interactivity) generated from commands/')
    .option('--json', 'print JSON instead of YAML')
    .option('--url <base>', 'public base URL of this bot in HTTP mode, e.g. https://whip.example.org')
    .option('--socket-mode', 'a manifest for Socket Mode (no request URLs; needs SLACK_APP_TOKEN)')
    .option('--name <name>', 'app and bot display name', 'Whip')
    .action(async (opts: { json?: boolean; url?: string; socketMode?: boolean; name: string }) => {
      const [{ buildManifest }, { commands }] = await Promise.all([
        import('../adapters/slack/manifest.js'),
        import('../../commands/index.js'),
      ]);
      if (opts.url && !/^https:\/\/[^\s/]+/.test(opts.url)) {
        throw new Error(`--url must be an https URL like https://whip.example.org (got "${opts.url}")`);
      }
      const manifest = buildManifest(commands, { name: opts.name, baseUrl: opts.url, socketMode: opts.socketMode });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
        return;
      }
      const { stringify } = await import('yaml');
      const how = opts.socketMode
        ? '# Socket Mode: also create an app-level token (connections:write) and set SLACK_APP_TOKEN.'
        : opts.url
          ? '# HTTP mode: Slack sends commands, events and button clicks to the request URLs below.'
          : '# HTTP mode: replace YOUR-PUBLIC-HOST (or run with --url https://your.host) before pasting.';
      process.stdout.write(
        `# Slack app manifest for ${opts.name}, generated from commands/ by \`whip slack manifest\`.\n` +
          '# Paste it in https://api.slack.com/apps -> Create New App -> From an app manifest.\n' +
          `${how}\n${stringify(manifest, { lineWidth: 0 })}`,
      );
    });
}
