// The image worker thread's entry (dist/imageWorker.js when bundled): runs one job per message, in order.
import { parentPort } from 'node:worker_threads';
import { runImageJob, transferablesOf, type ImageJob } from './imageJobs';

export interface ImageWorkerRequest { readonly id: number; readonly job: ImageJob }
export type ImageWorkerReply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: { readonly name: string; readonly message: string; readonly code?: string } };

parentPort?.on('message', ({ id, job }: ImageWorkerRequest) => {
  let reply: ImageWorkerReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const result = runImageJob(job);
    transfer = transferablesOf(result);
    reply = { id, ok: true, result };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const code = (err as { code?: unknown }).code;
    reply = { id, ok: false, error: { name: err.name, message: err.message, ...(typeof code === 'string' ? { code } : {}) } };
  }
  parentPort?.postMessage(reply, transfer);
});
