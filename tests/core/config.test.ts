import { describe, expect, it } from 'vitest';
import { ConfigError, enabledPlatforms, parseConfig } from '../../src/config.js';

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    const err = e as ConfigError;
    // The message is exactly the problems, one per line.
    expect(err.message.split('\n')).toEqual(err.problems);
    return err.problems;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

/** The single problem line of a config with exactly one bad variable. */
function oneProblem(env: Record<string, string | undefined>): string {
  const problems = problemsOf(env);
  expect(problems).toHaveLength(1);
  const line = problems[0] as string;
  expect(line).not.toContain('\n');
  expect(line).not.toMatch(/\bat .*:\d+:\d+/); // no stack frames
  return line;
}

describe('parseConfig defaults', () => {
  it('an empty environment is valid and gets documented defaults', () => {
    const c = parseConfig({});
    expect(c.WHIP_DATA_DIR).toBe('./data');
    expect(c.WHIP_KB_DIR).toBeUndefined();
    expect(c.LOG_LEVEL).toBe('info');
    expect(c.WHIP_LOG_USER_NAMES).toBe(false);
    expect(c.WHIP_TIMEZONE).toBe('Europe/London');
    expect(c.PORT).toBe(3000);
    expect(c.HOST).toBe('0.0.0.0');
    expect(c.WHIP_SLACK_ADMINS).toEqual([]);
    expect(c.DISCORD_TOKEN).toBeUndefined();
    expect(c.SLACK_BOT_TOKEN).toBeUndefined();
    expect(c.DISCORD_API_BASE).toBeUndefined();
    expect(enabledPlatforms(c)).toEqual({ discord: false, slack: false });
  });

  it('empty strings count as unset (a blank line in .env is not an error)', () => {
    const c = parseConfig({
      DISCORD_TOKEN: '',
      SLACK_BOT_TOKEN: '  ',
      DISCORD_API_BASE: '',
      PORT: '',
      WHIP_KB_DIR: '',
    });
    expect(c.DISCORD_TOKEN).toBeUndefined();
    expect(c.SLACK_BOT_TOKEN).toBeUndefined();
    expect(c.DISCORD_API_BASE).toBeUndefined();
    expect(c.WHIP_KB_DIR).toBeUndefined();
    expect(c.PORT).toBe(3000);
  });

  it('valid values are parsed and normalised', () => {
    const c = parseConfig({
      PORT: '8080',
      WHIP_TIMEZONE: 'America/New_York',
      DISCORD_API_BASE: 'http://127.0.0.1:9999/api/',
      WHIP_SLACK_ADMINS: ' U012ABCDEF , W034GHIJKL ',
      WHIP_LOG_USER_NAMES: 'yes',
      SLACK_BOT_TOKEN: 'xox' + 'b-1-2-3',
      SLACK_APP_TOKEN: 'xapp-1-2-3',
      DISCORD_TOKEN: 'abc',
    });
    expect(c.PORT).toBe(8080);
    expect(c.WHIP_TIMEZONE).toBe('America/New_York');
    expect(c.DISCORD_API_BASE).toBe('http://127.0.0.1:9999/api');
    expect(c.WHIP_SLACK_ADMINS).toEqual(['U012ABCDEF', 'W034GHIJKL']);
    expect(c.WHIP_LOG_USER_NAMES).toBe(true);
    expect(enabledPlatforms(c)).toEqual({ discord: true, slack: true });
  });

  it('Slack over HTTP with a signing secret, or over Socket Mode with an app token, is valid', () => {
    expect(() => parseConfig({ SLACK_BOT_TOKEN: 'xox' + 'b-1', SLACK_SIGNING_SECRET: 's3cret' })).not.toThrow();
    expect(() => parseConfig({ SLACK_BOT_TOKEN: 'xox' + 'b-1', SLACK_APP_TOKEN: 'xapp-1' })).not.toThrow();
  });
});

describe('a malformed variable gives one clear line naming it and what it should look like', () => {
  it('bad URL', () => {
    const line = oneProblem({ DISCORD_API_BASE: 'notaurl' });
    expect(line).toMatch(/^config: DISCORD_API_BASE\b/);
    expect(line).toMatch(/URL/);
    expect(line).toContain('https://discord.com/api');
    expect(line).toContain('notaurl'); // not a secret: showing it helps
    const slack = oneProblem({ SLACK_API_URL: 'ftp://slack.example' });
    expect(slack).toMatch(/^config: SLACK_API_URL\b.*http/);
  });

  it('bad timezone', () => {
    const line = oneProblem({ WHIP_TIMEZONE: 'Mars/Olympus_Mons' });
    expect(line).toMatch(/^config: WHIP_TIMEZONE\b/);
    expect(line).toMatch(/time ?zone/i);
    expect(line).toContain('Europe/London');
  });

  it.each(['0', '65536', '80a', '-1', '3000.5', 'http'])('bad port %j', (port) => {
    const line = oneProblem({ PORT: port });
    expect(line).toMatch(/^config: PORT\b/);
    expect(line).toMatch(/1 and 65535/);
  });

  it('Slack bot token without a signing secret (HTTP mode)', () => {
    const token = 'xox' + 'b-111-222-TOPSECRETbotTOKEN';
    const line = oneProblem({ SLACK_BOT_TOKEN: token });
    expect(line).toMatch(/^config: SLACK_SIGNING_SECRET\b/);
    expect(line).toMatch(/required/);
    expect(line).toContain('SLACK_BOT_TOKEN');
    expect(line).not.toContain(token);
    expect(line).not.toContain('TOPSECRET');
  });

  it.each(['bob', 'U012ABCDEF,alice', 'u012abcdef', 'U012 ABC'])('bad Slack admin ids %j', (ids) => {
    const line = oneProblem({ WHIP_SLACK_ADMINS: ids });
    expect(line).toMatch(/^config: WHIP_SLACK_ADMINS\b/);
    expect(line).toMatch(/Slack user ids like U[0-9A-Z]+/);
  });

  it('an abbreviation is not a time zone: WHIP_TIMEZONE=BST is refused at start, naming the variable', () => {
    const line = oneProblem({ WHIP_TIMEZONE: 'BST' });
    expect(line).toMatch(/^config: WHIP_TIMEZONE must be an IANA time zone like Europe\/London/);
    expect(line).toContain('(got "BST")');
    expect(parseConfig({ WHIP_TIMEZONE: 'UTC' }).WHIP_TIMEZONE).toBe('UTC');
    expect(parseConfig({ WHIP_TIMEZONE: 'America/Argentina/Buenos_Aires' }).WHIP_TIMEZONE).toBe(
      'America/Argentina/Buenos_Aires',
    );
  });

  it('a URL is shown back without its password', () => {
    const line = oneProblem({ SLACK_API_URL: 'ftp://bot:hunter2@slack.example/api' });
    expect(line).toMatch(/^config: SLACK_API_URL\b/);
    expect(line).not.toContain('hunter2');
    expect(line).toContain('ftp://bot:***@slack.example/api');
  });

  it('bad log level and bad flag name the variable and list what is allowed, in our words', () => {
    const level = oneProblem({ LOG_LEVEL: 'loud' });
    expect(level).toBe('config: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")');
    expect(parseConfig({ LOG_LEVEL: 'DEBUG' }).LOG_LEVEL).toBe('debug');
    const flag = oneProblem({ WHIP_LOG_USER_NAMES: 'maybe' });
    expect(flag).toBe('config: WHIP_LOG_USER_NAMES must be true or false (also 1/0, yes/no) (got "maybe")');
  });

  it('bad Discord ids', () => {
    expect(oneProblem({ DISCORD_APPLICATION_ID: 'my-app' })).toMatch(/^config: DISCORD_APPLICATION_ID\b.*snowflake/);
    expect(oneProblem({ DISCORD_GUILD_ID: '12' })).toMatch(/^config: DISCORD_GUILD_ID\b.*snowflake/);
  });

  it('several bad variables give one line each', () => {
    const problems = problemsOf({ PORT: 'x', WHIP_TIMEZONE: 'Nowhere/Else', DISCORD_API_BASE: 'nope' });
    expect(problems).toHaveLength(3);
    for (const name of ['PORT', 'WHIP_TIMEZONE', 'DISCORD_API_BASE']) {
      expect(problems.filter((p) => p.startsWith(`config: ${name} `))).toHaveLength(1);
    }
  });
});

describe('secret values never appear in a config error', () => {
  it('a malformed Slack bot token is named but not echoed', () => {
    const token = 'not-a-bot-token-SUPERSECRET-123';
    const problems = problemsOf({ SLACK_BOT_TOKEN: token, SLACK_SIGNING_SECRET: 'sig-SECRET-value-999' });
    const text = problems.join('\n');
    expect(text).toMatch(/SLACK_BOT_TOKEN.*xoxb-/);
    expect(text).not.toContain(token);
    expect(text).not.toContain('SUPERSECRET');
    expect(text).not.toContain('sig-SECRET-value-999');
  });

  it('a malformed Slack app token is named but not echoed', () => {
    const token = 'xox' + 'b-wrong-kind-APPSECRET-456';
    const text = problemsOf({ SLACK_APP_TOKEN: token }).join('\n');
    expect(text).toMatch(/SLACK_APP_TOKEN.*xapp-/);
    expect(text).not.toContain('APPSECRET');
  });

  it('other errors in the same environment do not leak the secrets either', () => {
    const env = {
      DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4' + '.GhIjKl.discordSECRETdiscordSECRETxyz',
      SLACK_BOT_TOKEN: 'xox' + 'b-ok-but-SECRET',
      SLACK_SIGNING_SECRET: 'shh-SIGNING-SECRET',
      PORT: 'not-a-port',
    };
    const err = (() => {
      try {
        parseConfig(env);
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    const everything = `${err.message}\n${err.problems.join('\n')}\n${String(err)}`;
    for (const secret of Object.values(env).filter((v) => v !== 'not-a-port')) {
      expect(everything).not.toContain(secret);
    }
    expect(err.problems).toHaveLength(1);
  });
});

describe('cluster variables', () => {
  it('DATABASE_URL: a postgres:// URL selects PostgreSQL; unset keeps SQLite', () => {
    expect(parseConfig({}).DATABASE_URL).toBeUndefined();
    expect(parseConfig({ DATABASE_URL: 'postgres://whip:pw@db:5432/whip' }).DATABASE_URL).toBe(
      'postgres://whip:pw@db:5432/whip',
    );
    expect(parseConfig({ DATABASE_URL: 'postgresql://db/whip' }).DATABASE_URL).toBe('postgresql://db/whip');
  });

  it('a bad DATABASE_URL is named but never echoed (it may carry a password)', () => {
    const line = oneProblem({ DATABASE_URL: 'mysql://whip:hunter2@db/whip' });
    expect(line).toMatch(/^config: DATABASE_URL must be a PostgreSQL URL like postgres:\/\//);
    expect(line).not.toContain('hunter2');
  });

  it('WHIP_OPS_PORT: off when unset, a port when set; WHIP_OPS_HOST defaults to the loopback', () => {
    expect(parseConfig({}).WHIP_OPS_PORT).toBeUndefined();
    expect(parseConfig({}).WHIP_OPS_HOST).toBe('127.0.0.1');
    expect(parseConfig({ WHIP_OPS_PORT: '9464' }).WHIP_OPS_PORT).toBe(9464);
    expect(oneProblem({ WHIP_OPS_PORT: 'ninety' })).toMatch(/^config: WHIP_OPS_PORT must be a TCP port/);
  });
});

describe('WHIP_KB_DIR', () => {
  it('a missing or empty directory is refused, naming the variable, instead of serving an empty KB', async () => {
    const { mkdtempSync, mkdirSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { checkKbDir } = await import('../../src/bootstrap.js');
    const empty = mkdtempSync(join(tmpdir(), 'whip-kb-empty-'));
    expect(() => checkKbDir(empty)).toThrow(/^config: WHIP_KB_DIR has no knowledge base in it/);
    expect(() => checkKbDir(join(empty, 'nope'))).toThrow(/^config: WHIP_KB_DIR is not a directory/);
    mkdirSync(join(empty, 'curated'));
    expect(() => checkKbDir(empty)).not.toThrow();
  });
});

describe('WHIP_CHAT_FEEDS', () => {
  it('is on unless turned off; anything else is named as an error', () => {
    expect(parseConfig({}).WHIP_CHAT_FEEDS).toBe(true);
    expect(parseConfig({ WHIP_CHAT_FEEDS: 'on' }).WHIP_CHAT_FEEDS).toBe(true);
    expect(parseConfig({ WHIP_CHAT_FEEDS: 'OFF' }).WHIP_CHAT_FEEDS).toBe(false);
    expect(parseConfig({ WHIP_CHAT_FEEDS: 'false' }).WHIP_CHAT_FEEDS).toBe(false);
    expect(() => parseConfig({ WHIP_CHAT_FEEDS: 'sometimes' })).toThrow(/WHIP_CHAT_FEEDS must be on or off/);
  });
});
