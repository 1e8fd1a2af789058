// The image worker thread's entry (dist/imageWorker.js when bundled): runs one job per message, in order.
import { parentPort } from 'node:worker_threads';
import { Codecs } from '../iconset/codecs';
import { runImageJob, transferablesOf, type ImageJob } from './imageJobs';

export interface ImageWorkerRequest { readonly id: number; readonly job: ImageJob }
export type ImageWorkerReply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: { readonly name: string; readonly message: string; readonly code?: string } };

/** This thread's wasm codecs, loaded on first use. */
const codecs = new Codecs();

// The client sends the next job only after this one's reply, so an asynchronous job never overlaps another.
parentPort?.on('message', async ({ id, job }: ImageWorkerRequest) => {
  let reply: ImageWorkerReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const result = await runImageJob(job, codecs);
    transfer = transferablesOf(result);
    reply = { id, ok: true, result };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const code = (err as { code?: unknown }).code;
    reply = { id, ok: false, error: { name: err.name, message: err.message, ...(typeof code === 'string' ? { code } : {}) } };
  }
  parentPort?.postMessage(reply, transfer);
});
