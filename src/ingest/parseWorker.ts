/**
 * The parse worker thread: runs ParseJobs (parseJobs.ts) off the bot's event loop. A hostile page can only
 * exhaust this thread, which the runner (parseRunner.ts) kills at its time limit.
 */
import { parentPort } from 'node:worker_threads';
import { IngestError } from './errors.js';
import { type ParseJob, runParseJob } from './parseJobs.js';

export interface WorkerRequest {
  id: number;
  job: ParseJob;
}
export type WorkerReply =
  | { ready: true }
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; source?: string; message: string };

parentPort?.on('message', (req: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id: req.id, ok: true, result: runParseJob(req.job) };
  } catch (e) {
    reply =
      e instanceof IngestError
        ? { id: req.id, ok: false, source: e.source, message: e.message }
        : { id: req.id, ok: false, message: (e as Error)?.message ?? String(e) };
  }
  parentPort?.postMessage(reply);
});

// Loaded: the runner starts a job's time limit from here, so a slow start is not counted against the page.
parentPort?.postMessage({ ready: true } satisfies WorkerReply);
