/**
 * Bolt's (and its WebClient's) logger interface on top of Whip's pino logger, so Bolt's messages (failed Web API
 * calls, rate limits, refused signatures) are structured lines like ours. Text passes through `maskSecrets`.
 */
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import { type Logger, maskSecrets } from '../../log.js';

type Level = 'debug' | 'info' | 'warn' | 'error';

function toPino(log: Logger, level: Level, args: unknown[]): void {
  if (!log.isLevelEnabled(level)) return;
  const err = args.find((a): a is Error => a instanceof Error);
  const msg = args
    .filter((a) => !(a instanceof Error))
    .map((a) => (typeof a === 'string' ? a : safeJson(a)))
    .join(' ');
  const text = maskSecrets(msg || err?.message || '');
  if (err) log[level]({ err }, text);
  else log[level](text);
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

export function boltLogger(log: Logger): BoltLogger {
  let name = 'bolt';
  let child = log.child({ lib: name });
  return {
    debug: (...a: unknown[]) => toPino(child, 'debug', a),
    info: (...a: unknown[]) => toPino(child, 'info', a),
    warn: (...a: unknown[]) => toPino(child, 'warn', a),
    error: (...a: unknown[]) => toPino(child, 'error', a),
    // Whip's LOG_LEVEL decides; Bolt's requests to change it are ignored.
    setLevel: () => undefined,
    getLevel: () => {
      if (log.isLevelEnabled('debug')) return LogLevel.DEBUG;
      if (log.isLevelEnabled('info')) return LogLevel.INFO;
      if (log.isLevelEnabled('warn')) return LogLevel.WARN;
      return LogLevel.ERROR;
    },
    setName: (n: string) => {
      if (n === name) return;
      name = n;
      child = log.child({ lib: n });
    },
  };
}
