/**
 * Services for in-process adapter tests that must not depend on the real knowledge base: a real store (SQLite in
 * a temp dir), the real command set and dispatcher, and a small hand-built answer engine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commands } from '../../commands/index.js';
import { parseConfig } from '../../src/config.js';
import type { AnswerEngine, Choice } from '../../src/core/answer/types.js';
import type { AutocompleteSource } from '../../src/core/commands/spec.js';
import { type Citation, infoReply, type Reply } from '../../src/core/reply.js';
import type { Services } from '../../src/core/services.js';
import { createLogger } from '../../src/log.js';
import { openDatabase, storeFile } from '../../src/store/db.js';
import { QuestionLog } from '../../src/store/questionLog.js';

export const CLEGG_CITATION: Citation = {
  source: 'miliband-clegg-lib-lab-pact-2014-04',
  quote: 'could let Nick Clegg stay Deputy Prime Minister to get Ed Miliband into Number10',
  title: 'Ed Miliband would let Nick Clegg keep his job in Lib-Lab pact',
  publication: 'The Daily Telegraph',
  asOf: 'April 2014 (inferred)',
  attribution: 'according to senior Labour figures (anonymous)',
};

const ENTITIES: Choice[] = [
  { name: 'Nick Clegg', value: 'nick-clegg' },
  { name: 'Ed Miliband', value: 'ed-miliband' },
  { name: 'Lord Adonis', value: 'lord-adonis' },
];

export function stubEngine(): AnswerEngine {
  const answer = (question: string, extra: Partial<Reply> = {}): Reply => ({
    kind: 'answer',
    status: 'answered',
    question,
    answer: 'Nick Clegg',
    text: `Under a Lib-Lab pact, Nick Clegg would stay Deputy Prime Minister. You asked: ${question}`,
    citations: [CLEGG_CITATION],
    confidence: 0.8,
    asOf: 'April 2014 (inferred)',
    attribution: 'according to senior Labour figures (anonymous)',
    ...extra,
  });
  return {
    // The adapter never reads the knowledge itself; commands that do are not exercised with this stub.
    k: undefined as unknown as AnswerEngine['k'],
    ask: (q) => answer(q),
    who: (role, scenario) => answer(`who is ${role}${scenario ? ` under ${scenario}` : ''}?`),
    quotes: (q) => answer(`quotes ${q.speaker ?? ''} ${q.topic ?? ''}`.trim()),
    claims: (t) => answer(`claims on ${t}`),
    profile: (e) => ({
      ...infoReply(`Profile: ${e}`, 'Leader of the Liberal Democrats.'),
      citations: [CLEGG_CITATION],
    }),
    sources: () => infoReply('Sources in the knowledge base', '1 article'),
    citationsFor: (q) => ({
      ...infoReply('Sources', `The evidence behind “${q}”`),
      citations: [CLEGG_CITATION, CLEGG_CITATION],
    }),
    autocomplete: (_source: AutocompleteSource, partial: string, limit = 25) =>
      ENTITIES.filter((c) => c.name.toLowerCase().includes(partial.toLowerCase())).slice(0, limit),
    normaliseForLog: (q) => q.toLowerCase().trim(),
  };
}

export async function stubServices(
  env: Record<string, string> = {},
): Promise<{ services: Services; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'whip-discord-'));
  const config = parseConfig({ WHIP_DATA_DIR: dir, LOG_LEVEL: 'silent', WHIP_LOG_USER_NAMES: '1', ...env });
  const db = await openDatabase(storeFile(dir));
  const log = createLogger(config.LOG_LEVEL);
  const services: Services = {
    config,
    log,
    db,
    questions: new QuestionLog(db, true),
    engine: stubEngine(),
    commands,
    posters: {},
  };
  return {
    services,
    cleanup: async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
