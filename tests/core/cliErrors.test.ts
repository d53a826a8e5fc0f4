/**
 * The CLI's failures, as a person meets them: one line in the CLI's own syntax, one exit-code scheme
 * (usage errors 2, commander's too), a closed pipe ends quietly, `discord register --dry-run` works offline, and
 * the digest commands say what they did in the terms the person used.
 */
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, removeTempDirs, runWhip, STACK_TRACE, tempDir } from './helpers.js';

afterAll(removeTempDirs);

describe('CLI errors', () => {
  it('`whip ask` with no question prints a CLI usage line, not Discord syntax, and exits 2', async () => {
    const r = await runWhip(['ask']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Usage: `whip ask <question…>`');
    expect(r.stdout).not.toMatch(/question:<|\?\./);
  }, 120_000);

  it('commander errors exit 2 like usage errors', async () => {
    const r = await runWhip(['who', '--bogus', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--bogus'/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect((await runWhip(['--help'])).code).toBe(0);
  }, 120_000);

  it('positional arguments work on the CLI as in chat', async () => {
    const r = await runWhip(['profile', 'Nick', 'Clegg', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ question: 'profile of Nick Clegg', answer: 'Nick Clegg' });
  }, 120_000);

  it('a reader that goes away (| head -1) ends the output quietly', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'help'], {
        cwd: tempDir('whip-epipe-'),
        env: cleanEnv({ WHIP_DATA_DIR: tempDir('whip-epipe-data-') }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (c: string) => {
        stderr += c;
      });
      // Like `head -1`: close our end as soon as anything arrives (or at once), so the writer hits EPIPE.
      child.stdout.destroy();
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(result.stderr).not.toMatch(/EPIPE|STACK/);
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(result.code).toBe(0);
  }, 120_000);

  it('`discord register --dry-run` without credentials prints the payload offline', async () => {
    const r = await runWhip(['discord', 'register', '--dry-run']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout) as { name: string }[];
    expect(body.map((c) => c.name)).toContain('who');
    expect(r.stderr).toMatch(/dry run offline/);
  }, 120_000);
});

describe('digest CLI wording', () => {
  it('`digest run --once --at` after the slot was sent says when the next one is due, not "subscribe"', async () => {
    const env = { WHIP_DATA_DIR: tempDir('whip-digest-cli-'), WHIP_TIMEZONE: 'UTC' };
    expect((await runWhip(['digest', 'subscribe', 'daily', '08:00'], { env })).code).toBe(0);
    const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const first = await runWhip(['digest', 'run', '--once', '--at', `${day}T08:01:00Z`], { env });
    expect(first.stderr).toMatch(/1 console digest\(s\) sent in all/);
    const again = await runWhip(['digest', 'run', '--once', '--at', `${day}T08:02:00Z`], { env });
    expect(again.stderr).toMatch(/nothing due for the console at .*; the next digest is due /);
    expect(again.stderr).not.toMatch(/Subscribe with|no digest subscription/);
  }, 120_000);

  it('`digest preview --since DATE` labels the window with that date, not "since the last digest"', async () => {
    const r = await runWhip(['digest', 'preview', '--since', '2014-01-01']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/since Wed 1 Jan 2014/);
    expect(r.stdout).not.toMatch(/since the last digest/);
  }, 120_000);
});
