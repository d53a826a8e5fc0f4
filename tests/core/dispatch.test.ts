import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServices } from '../../src/bootstrap.js';
import { dispatch, findCommand, permitted, validateArgs } from '../../src/core/commands/dispatch.js';
import type { Caller, CommandContext, CommandSpec, OptionSpec } from '../../src/core/commands/spec.js';
import { infoReply, MAX_TEXT, type Reply } from '../../src/core/reply.js';
import type { Services } from '../../src/core/services.js';
import { memoryLogger, realServices, removeTempDirs } from './helpers.js';

const NORMAL: Caller = { id: 'U-normal', isAdmin: false, canManageChannel: false };
const MANAGER: Caller = { id: 'U-manager', isAdmin: false, canManageChannel: true };
const ADMIN: Caller = { id: 'U-admin', isAdmin: true, canManageChannel: false };

let services: Services;
let logs: ReturnType<typeof memoryLogger>;
let calls: string[] = [];

const echo = (name: string) => (args: Record<string, unknown>) => {
  calls.push(name);
  return infoReply(name, JSON.stringify(args));
};

/** A command set exercising every option type, permission level and subcommands. */
const TEST_COMMANDS: CommandSpec[] = [
  {
    name: 'opts',
    description: 'options of every type',
    options: [
      { name: 'role', description: 'a role', type: 'string', required: true, maxLength: 20 },
      {
        name: 'mode',
        description: 'a choice',
        type: 'string',
        choices: [
          { name: 'Brief', value: 'brief' },
          { name: 'Full', value: 'full' },
        ],
      },
      { name: 'count', description: 'how many', type: 'integer', min: 1, max: 10 },
      { name: 'loud', description: 'a flag', type: 'boolean' },
    ],
    handler: echo('opts'),
  },
  { name: 'reset', description: 'admins only', options: [], permission: 'admin', handler: echo('reset') },
  { name: 'setup', description: 'channel managers', options: [], permission: 'manage_channel', handler: echo('setup') },
  {
    name: 'digest',
    description: 'with subcommands',
    options: [],
    subcommands: [
      { name: 'show', description: 'anyone', options: [], handler: echo('digest show') },
      {
        name: 'subscribe',
        description: 'channel managers',
        options: [{ name: 'time', description: 'HH:MM', type: 'string', required: true }],
        permission: 'manage_channel',
        handler: echo('digest subscribe'),
      },
      { name: 'purge', description: 'admins', options: [], permission: 'admin', handler: echo('digest purge') },
    ],
  },
  {
    name: 'boom',
    description: 'always throws',
    options: [],
    handler: () => {
      calls.push('boom');
      throw new Error(`database exploded with xox${'b'}-999-888-SECRETTOKEN`);
    },
  },
  {
    name: 'huge',
    description: 'an oversized answer',
    options: [],
    handler: (): Reply => ({
      kind: 'answer',
      status: 'answered',
      question: 'huge?',
      answer: 'a'.repeat(500),
      text: 'word '.repeat(2000),
      citations: [],
      confidence: 3,
    }),
  },
];

function ctx(caller: Caller = NORMAL): CommandContext {
  return { platform: 'discord', services, caller, channelId: 'C1', workspaceId: 'G1' };
}

beforeAll(async () => {
  logs = memoryLogger('debug');
  services = await realServices({}, { log: logs.log });
}, 120_000);

afterAll(async () => {
  await closeServices(services);
  removeTempDirs();
});

describe('finding the command', () => {
  it('an unknown command is an ephemeral error pointing at help', async () => {
    const r = await dispatch(TEST_COMMANDS, { command: 'frobnicate', args: {} }, ctx());
    expect(r).toMatchObject({ kind: 'error', ephemeral: true, status: 'unknown', answer: null });
    expect(r.text).toContain('frobnicate');
    expect(r.text).toMatch(/help/);
  });

  it('command names are case-insensitive', async () => {
    expect(findCommand(TEST_COMMANDS, 'OPTS')?.name).toBe('opts');
    calls = [];
    const r = await dispatch(TEST_COMMANDS, { command: 'Opts', args: { role: 'DPM' } }, ctx());
    expect(r.kind).toBe('info');
    expect(calls).toEqual(['opts']);
  });

  it('a command with subcommands needs a known subcommand', async () => {
    const none = await dispatch(TEST_COMMANDS, { command: 'digest', args: {} }, ctx());
    expect(none).toMatchObject({ kind: 'error', ephemeral: true });
    expect(none.text).toMatch(/show/);
    expect(none.text).toMatch(/subscribe/);
    const bad = await dispatch(TEST_COMMANDS, { command: 'digest', subcommand: 'explode', args: {} }, ctx());
    expect(bad).toMatchObject({ kind: 'error', ephemeral: true });
    expect(bad.text).toContain('explode');
    const ok = await dispatch(TEST_COMMANDS, { command: 'digest', subcommand: 'SHOW', args: {} }, ctx());
    expect(ok.kind).toBe('info');
  });
});

describe('argument validation', () => {
  it('a missing required option is an ephemeral error naming it, with usage; the handler does not run', async () => {
    calls = [];
    const r = await dispatch(TEST_COMMANDS, { command: 'opts', args: {} }, ctx());
    expect(r).toMatchObject({ kind: 'error', ephemeral: true });
    expect(r.text).toMatch(/`role` is required/);
    expect(r.text).toMatch(/Usage: `\/opts role:<role> \[mode:<brief\|full>\]/);
    expect(calls).toEqual([]);
    // Blank counts as missing.
    expect((await dispatch(TEST_COMMANDS, { command: 'opts', args: { role: '' } }, ctx())).kind).toBe('error');
  });

  it('a bad choice lists the allowed values; a good one is accepted case-insensitively', async () => {
    const bad = await dispatch(TEST_COMMANDS, { command: 'opts', args: { role: 'DPM', mode: 'verbose' } }, ctx());
    expect(bad).toMatchObject({ kind: 'error', ephemeral: true });
    expect(bad.text).toMatch(/`mode` must be one of: brief, full/);
    const ok = validateArgs(TEST_COMMANDS[0]?.options as OptionSpec[], { role: 'DPM', mode: 'FULL' });
    expect(ok.errors).toEqual([]);
    expect(ok.args.mode).toBe('full');
  });

  it.each([
    [0, /at least 1/],
    [11, /at most 10/],
    ['2.5', /whole number/],
    ['ten', /whole number/],
  ])('integer bounds: count=%j is refused', async (count, message) => {
    const r = await dispatch(TEST_COMMANDS, { command: 'opts', args: { role: 'DPM', count } }, ctx());
    expect(r).toMatchObject({ kind: 'error', ephemeral: true });
    expect(r.text).toMatch(message);
  });

  it('integers at the bounds and numeric strings are accepted and coerced', () => {
    const opts = TEST_COMMANDS[0]?.options as OptionSpec[];
    expect(validateArgs(opts, { role: 'x', count: 1 }).args.count).toBe(1);
    expect(validateArgs(opts, { role: 'x', count: ' 10 ' }).args.count).toBe(10);
  });

  it('booleans, too-long strings and unknown options', () => {
    const opts = TEST_COMMANDS[0]?.options as OptionSpec[];
    expect(validateArgs(opts, { role: 'x', loud: 'yes' }).args.loud).toBe(true);
    expect(validateArgs(opts, { role: 'x', loud: 'off' }).args.loud).toBe(false);
    expect(validateArgs(opts, { role: 'x', loud: 'perhaps' }).errors).toEqual(['`loud` must be true or false']);
    expect(validateArgs(opts, { role: 'x'.repeat(21) }).errors[0]).toMatch(/too long \(at most 20/);
    expect(validateArgs(opts, { role: 'x', colour: 'red' }).errors).toEqual(['unknown option `colour`']);
  });

  it('every problem is reported at once', async () => {
    const r = await dispatch(TEST_COMMANDS, { command: 'opts', args: { mode: 'zzz', count: 99 } }, ctx());
    expect(r.text).toMatch(/`role` is required/);
    expect(r.text).toMatch(/`mode` must be one of/);
    expect(r.text).toMatch(/`count` must be at most 10/);
  });
});

describe('permissions are checked on every call', () => {
  it('permitted() levels', () => {
    const c = (caller: Caller) => ({ ...ctx(caller) });
    expect(permitted(undefined, c(NORMAL))).toBe(true);
    expect(permitted('everyone', c(NORMAL))).toBe(true);
    expect(permitted('manage_channel', c(NORMAL))).toBe(false);
    expect(permitted('manage_channel', c(MANAGER))).toBe(true);
    expect(permitted('manage_channel', c(ADMIN))).toBe(true);
    expect(permitted('admin', c(MANAGER))).toBe(false);
    expect(permitted('admin', c(ADMIN))).toBe(true);
  });

  it("'admin': refused for a normal caller and a channel manager, allowed for an admin — alternating calls", async () => {
    calls = [];
    const sequence: [Caller, boolean][] = [
      [ADMIN, true],
      [NORMAL, false],
      [ADMIN, true],
      [MANAGER, false],
      [NORMAL, false],
      [ADMIN, true],
    ];
    for (const [caller, allowed] of sequence) {
      const r = await dispatch(TEST_COMMANDS, { command: 'reset', args: {} }, ctx(caller));
      if (allowed) expect(r.kind).toBe('info');
      else {
        expect(r).toMatchObject({ kind: 'error', ephemeral: true });
        expect(r.text).toMatch(/only administrators/);
      }
    }
    expect(calls).toEqual(['reset', 'reset', 'reset']);
  });

  it("'manage_channel': refused for a normal caller, allowed for managers and admins — on every call", async () => {
    calls = [];
    for (const caller of [NORMAL, MANAGER, NORMAL, ADMIN, NORMAL]) {
      const r = await dispatch(TEST_COMMANDS, { command: 'setup', args: {} }, ctx(caller));
      expect(r.kind).toBe(caller === NORMAL ? 'error' : 'info');
      if (caller === NORMAL) expect(r.text).toMatch(/manage this channel/);
    }
    expect(calls).toEqual(['setup', 'setup']);
  });

  it('a caller whose rights change between calls is re-checked (no caching)', async () => {
    calls = [];
    const caller: Caller = { id: 'U-flip', isAdmin: true, canManageChannel: true };
    expect((await dispatch(TEST_COMMANDS, { command: 'reset', args: {} }, ctx(caller))).kind).toBe('info');
    caller.isAdmin = false;
    expect((await dispatch(TEST_COMMANDS, { command: 'reset', args: {} }, ctx(caller))).kind).toBe('error');
    expect(calls).toEqual(['reset']);
  });

  it('subcommand permissions apply per subcommand, before argument validation', async () => {
    calls = [];
    const refused = await dispatch(
      TEST_COMMANDS,
      { command: 'digest', subcommand: 'subscribe', args: {} },
      ctx(NORMAL),
    );
    expect(refused.text).toMatch(/only people who can manage this channel can use `digest subscribe`/);
    const missing = await dispatch(
      TEST_COMMANDS,
      { command: 'digest', subcommand: 'subscribe', args: {} },
      ctx(MANAGER),
    );
    expect(missing.text).toMatch(/`time` is required/);
    const ok = await dispatch(
      TEST_COMMANDS,
      { command: 'digest', subcommand: 'subscribe', args: { time: '08:00' } },
      ctx(MANAGER),
    );
    expect(ok.kind).toBe('info');
    expect(
      (await dispatch(TEST_COMMANDS, { command: 'digest', subcommand: 'purge', args: {} }, ctx(MANAGER))).kind,
    ).toBe('error');
    expect((await dispatch(TEST_COMMANDS, { command: 'digest', subcommand: 'purge', args: {} }, ctx(ADMIN))).kind).toBe(
      'info',
    );
    expect((await dispatch(TEST_COMMANDS, { command: 'digest', subcommand: 'show', args: {} }, ctx(NORMAL))).kind).toBe(
      'info',
    );
    expect(calls).toEqual(['digest subscribe', 'digest purge', 'digest show']);
  });
});

describe('failures and logging', () => {
  it('a throwing handler becomes an ephemeral error reply, and is logged without the secret', async () => {
    const before = logs.lines().length;
    const r = await dispatch(TEST_COMMANDS, { command: 'boom', args: {} }, ctx());
    expect(r).toMatchObject({ kind: 'error', ephemeral: true, status: 'unknown', answer: null });
    expect(r.text).toMatch(/went wrong/);
    expect(r.text).not.toContain('database exploded');
    expect(r.text).not.toContain('SECRETTOKEN');
    const logged = logs.lines().slice(before);
    const failure = logged.find((l) => l.msg === 'command failed');
    expect(failure).toBeDefined();
    expect(failure).toMatchObject({ level: 50, command: 'boom', platform: 'discord' });
    expect(JSON.stringify(failure)).toContain('database exploded');
    expect(logs.raw()).not.toContain('SECRETTOKEN');
  });

  it('an oversized reply from a handler is clamped', async () => {
    const r = await dispatch(TEST_COMMANDS, { command: 'huge', args: {} }, ctx());
    expect((r.answer ?? '').length).toBeLessThanOrEqual(120);
    expect(r.text.length).toBeLessThanOrEqual(MAX_TEXT);
    expect(r.confidence).toBe(1);
  });
});

describe('the question log', () => {
  it('an answer reply from the real ask command gets a questionId from the real question log', async () => {
    const question = 'how many target seats has Labour identified?';
    const r = await dispatch(services.commands, { command: 'ask', args: { question } }, ctx(NORMAL));
    expect(r.kind).toBe('answer');
    expect(typeof r.questionId).toBe('number');
    const row = await services.questions.get(r.questionId as number);
    expect(row).toMatchObject({
      platform: 'discord',
      question,
      status: r.status,
      answer: r.answer,
      channel_id: 'C1',
      user_id: null, // user ids are not stored unless the operator enables it
    });
    expect(row?.confidence).toBeCloseTo(r.confidence, 6);
    expect(row?.normalised).toBe(services.engine.normaliseForLog(question));
  });

  it('each question gets its own row; unknown questions are logged too', async () => {
    const a = await dispatch(
      services.commands,
      { command: 'ask', args: { question: 'what is the weather in Bedford?' } },
      ctx(),
    );
    const b = await dispatch(
      services.commands,
      { command: 'ask', args: { question: 'what is the weather in Bedford?' } },
      ctx(),
    );
    expect(a.status).toBe('unknown');
    expect(a.questionId).toBeDefined();
    expect(b.questionId).toBeDefined();
    expect(b.questionId).not.toBe(a.questionId);
    const gaps = await services.questions.gaps();
    expect(gaps.find((g) => g.question === 'what is the weather in Bedford?')?.count).toBe(2);
  });

  it('info and error replies are not logged as questions', async () => {
    const help = await dispatch(services.commands, { command: 'help', args: {} }, ctx());
    expect(help.kind).toBe('info');
    expect(help.questionId).toBeUndefined();
    const err = await dispatch(services.commands, { command: 'ask', args: {} }, ctx());
    expect(err.kind).toBe('error');
    expect(err.questionId).toBeUndefined();
  });

  it('with WHIP_LOG_USER_NAMES enabled the caller id is stored', async () => {
    const s2 = await realServices({ WHIP_LOG_USER_NAMES: '1' });
    try {
      const r = await dispatch(
        s2.commands,
        { command: 'ask', args: { question: 'who is DPM?' } },
        { platform: 'slack', services: s2, caller: NORMAL, channelId: 'C9' },
      );
      const row = await s2.questions.get(r.questionId as number);
      expect(row?.user_id).toBe('U-normal');
      expect(row?.platform).toBe('slack');
    } finally {
      await closeServices(s2);
    }
  }, 120_000);
});
