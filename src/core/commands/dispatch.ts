/**
 * The one path every request takes: find the command (and subcommand), validate arguments against the spec,
 * check the permission (on every call), run the handler, clamp the reply, log questions. Adapters call this.
 */
import { limiterFor, slowDownText } from '../../rateLimit.js';
import { clampReply, errorReply, type Reply } from '../reply.js';
import type { Args, CommandContext, CommandSpec, OptionSpec, Permission, SubcommandSpec } from './spec.js';
import { surfaceOf, usageLine } from './usage.js';

/** Commands that answer questions (mentions and thread follow-ups dispatch `ask` too). */
const RATE_LIMITED = new Set(['ask']);

export interface Invocation {
  command: string;
  subcommand?: string;
  args: Args;
}

export function findCommand(commands: CommandSpec[], name: string): CommandSpec | undefined {
  const n = name.toLowerCase();
  return commands.find((c) => c.name === n);
}

export function permitted(permission: Permission | undefined, ctx: CommandContext): boolean {
  switch (permission ?? 'everyone') {
    case 'everyone':
      return true;
    case 'manage_channel':
      return ctx.caller.canManageChannel || ctx.caller.isAdmin;
    case 'admin':
      return ctx.caller.isAdmin;
  }
}

/** Coerce and check one argument; returns an error message or the value. */
function checkOption(opt: OptionSpec, raw: unknown): { value?: string | number | boolean; error?: string } {
  if (raw === undefined || raw === null || raw === '') {
    return opt.required ? { error: `\`${opt.name}\` is required: ${opt.description}` } : {};
  }
  switch (opt.type) {
    case 'string': {
      const s = String(raw).trim();
      if (opt.maxLength && s.length > opt.maxLength) {
        return { error: `\`${opt.name}\` is too long (at most ${opt.maxLength} characters)` };
      }
      if (opt.choices && !opt.choices.some((c) => c.value === s.toLowerCase() || c.value === s)) {
        return { error: `\`${opt.name}\` must be one of: ${opt.choices.map((c) => c.value).join(', ')}` };
      }
      return {
        value: opt.choices ? (opt.choices.find((c) => c.value.toLowerCase() === s.toLowerCase())?.value ?? s) : s,
      };
    }
    case 'integer': {
      const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
      if (!Number.isInteger(n)) return { error: `\`${opt.name}\` must be a whole number` };
      if (opt.min !== undefined && n < opt.min) return { error: `\`${opt.name}\` must be at least ${opt.min}` };
      if (opt.max !== undefined && n > opt.max) return { error: `\`${opt.name}\` must be at most ${opt.max}` };
      return { value: n };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { value: raw };
      const s = String(raw).toLowerCase();
      if (['true', 'yes', '1', 'on'].includes(s)) return { value: true };
      if (['false', 'no', '0', 'off'].includes(s)) return { value: false };
      return { error: `\`${opt.name}\` must be true or false` };
    }
  }
}

export function validateArgs(options: OptionSpec[], args: Args): { args: Args; errors: string[] } {
  const out: Args = {};
  const errors: string[] = [];
  for (const opt of options) {
    const { value, error } = checkOption(opt, args[opt.name]);
    if (error) errors.push(error);
    else if (value !== undefined) out[opt.name] = value;
  }
  const unknown = Object.keys(args).filter((k) => args[k] !== undefined && !options.some((o) => o.name === k));
  for (const k of unknown) {
    errors.push(k.startsWith('_extra') ? `unexpected argument “${String(args[k])}”` : `unknown option \`${k}\``);
  }
  return { args: out, errors };
}

/** Join error messages into one sentence, without doubling the punctuation of one that ends with `?`. */
function sentence(errors: string[]): string {
  const text = errors.join('; ');
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

/** Run a command; never throws — failures become an ephemeral error reply and are logged. */
export async function dispatch(commands: CommandSpec[], inv: Invocation, ctx: CommandContext): Promise<Reply> {
  const spec = findCommand(commands, inv.command);
  if (!spec) {
    return errorReply(`Unknown command \`${inv.command}\`. Try \`help\` for the list of commands.`);
  }
  let sub: SubcommandSpec | undefined;
  if (spec.subcommands?.length) {
    sub = spec.subcommands.find((s) => s.name === inv.subcommand?.toLowerCase());
    if (!sub) {
      const names = spec.subcommands.map((s) => s.name).join(', ');
      return errorReply(
        inv.subcommand
          ? `Unknown subcommand \`${inv.subcommand}\` of \`${spec.name}\`; use one of: ${names}.`
          : `\`${spec.name}\` needs a subcommand: ${names}.`,
      );
    }
  }
  const permission = sub?.permission ?? spec.permission;
  if (!permitted(permission, ctx)) {
    const who = permission === 'admin' ? 'administrators' : 'people who can manage this channel';
    ctx.services.log.info({ command: spec.name, sub: sub?.name, platform: ctx.platform }, 'permission refused');
    return errorReply(`Sorry, only ${who} can use \`${spec.name}${sub ? ` ${sub.name}` : ''}\`.`);
  }
  const { args, errors } = validateArgs(sub ? sub.options : spec.options, inv.args);
  if (errors.length) {
    return errorReply(`${sentence(errors)}\nUsage: \`${usageLine(spec, sub, surfaceOf(ctx))}\``);
  }
  const handler = sub?.handler ?? spec.handler;
  if (!handler) return errorReply(`\`${spec.name}\` cannot be run directly.`);
  // Questions are limited per user and per channel (chat platforms; the console is its operator's own).
  if (RATE_LIMITED.has(spec.name) && ctx.platform !== 'console') {
    const wait = limiterFor(ctx.services, ctx.services.config).check(ctx.platform, ctx.caller.id, ctx.channelId);
    if (wait) return errorReply(slowDownText(wait));
  }
  try {
    const started = performance.now();
    const reply = clampReply(await handler(args, ctx));
    if (reply.kind === 'answer' && reply.question !== undefined) {
      ctx.services.metrics?.question(ctx.platform, reply.status, (performance.now() - started) / 1000);
      reply.questionId = await logQuestion(reply, ctx);
    }
    return reply;
  } catch (e) {
    ctx.services.log.error({ err: e, command: spec.name, sub: sub?.name, platform: ctx.platform }, 'command failed');
    return errorReply('Something went wrong while answering; it has been logged. Please try again.');
  }
}

async function logQuestion(reply: Reply, ctx: CommandContext): Promise<number | undefined> {
  try {
    return await ctx.services.questions.record({
      platform: ctx.platform,
      question: reply.question ?? '',
      normalised: ctx.services.engine.normaliseForLog(reply.question ?? ''),
      status: reply.status,
      confidence: reply.confidence,
      answer: reply.answer,
      channelId: ctx.channelId ?? null,
      userId: ctx.caller.id,
    });
  } catch (e) {
    // Logging must never cost the user their answer.
    ctx.services.log.warn({ err: e }, 'could not record question');
    return undefined;
  }
}
