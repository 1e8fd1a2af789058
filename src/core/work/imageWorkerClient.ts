// One worker thread for heavy image work, so the extension host's event loop stays free: started on the first
// job, jobs queued and sent one at a time, a job cancelled by its AbortSignal (a running one by restarting the
// thread: the work is synchronous and cannot be interrupted otherwise), terminated on dispose.
import { Worker } from 'node:worker_threads';
import { ImageCheckError, type ImageCheckErrorCode } from '../imaging/image-check-error';
import { transferablesOf, type ImageJob, type ImageJobResult } from './imageJobs';
import type { ImageWorkerReply, ImageWorkerRequest } from './imageWorker';

interface Queued {
  readonly id: number;
  readonly job: ImageJob;
  readonly signal: AbortSignal | undefined;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
  readonly onAbort: () => void;
}

export class ImageWorker {
  private worker: Worker | undefined;
  private readonly queue: Queued[] = [];
  private running: Queued | undefined;
  private nextId = 1;
  private disposed = false;
  private started = 0;

  /** `script`: the worker entry's file — dist/imageWorker.js in the bundle, out/src/core/work/imageWorker.js compiled. */
  constructor(private readonly script: string) {}

  /** Threads started so far (a cancelled running job costs a restart). */
  get threadsStarted(): number {
    return this.started;
  }

  /** Run `job` on the worker thread. Its input buffers are copied, never detached from the caller. */
  run<J extends ImageJob>(job: J, signal?: AbortSignal): Promise<ImageJobResult<J>> {
    if (this.disposed) return Promise.reject(new Error('The image worker was disposed'));
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<ImageJobResult<J>>((resolve, reject) => {
      const entry: Queued = {
        id: this.nextId++, job: ownCopy(job), signal, resolve: resolve as (v: unknown) => void, reject,
        onAbort: () => this.cancel(entry),
      };
      signal?.addEventListener('abort', entry.onAbort, { once: true });
      this.queue.push(entry);
      this.pump();
    });
  }

  dispose(): void {
    this.disposed = true;
    const gone = new Error('The image worker was disposed');
    for (const e of [...(this.running ? [this.running] : []), ...this.queue.splice(0)]) this.settle(e, gone);
    this.running = undefined;
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const next = this.queue.shift();
    if (!next) {
      this.worker?.unref(); // idle: the thread must not keep a process alive
      return;
    }
    this.running = next;
    const w = this.thread();
    w.ref();
    const request: ImageWorkerRequest = { id: next.id, job: next.job };
    w.postMessage(request, transferablesOf(next.job));
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.script);
    this.started++;
    w.on('message', (reply: ImageWorkerReply) => {
      const current = this.running;
      if (w !== this.worker || !current || reply.id !== current.id) return;
      this.running = undefined;
      if (reply.ok) this.settle(current, undefined, reply.result);
      else this.settle(current, revive(reply.error));
      this.pump();
    });
    const lost = (e: Error) => {
      if (w !== this.worker) return;
      this.worker = undefined;
      const current = this.running;
      this.running = undefined;
      if (current) this.settle(current, e);
      this.pump();
    };
    w.on('error', lost);
    w.on('exit', (code) => lost(new Error(`The image worker stopped (exit code ${code})`)));
    this.worker = w;
    return w;
  }

  private cancel(entry: Queued): void {
    const at = this.queue.indexOf(entry);
    if (at >= 0) this.queue.splice(at, 1);
    else if (this.running === entry) {
      this.running = undefined;
      void this.worker?.terminate();
      this.worker = undefined;
    } else return;
    this.settle(entry, abortReason(entry.signal!));
    this.pump();
  }

  private settle(e: Queued, error: unknown, value?: unknown): void {
    e.signal?.removeEventListener('abort', e.onAbort);
    if (error !== undefined) e.reject(error);
    else e.resolve(value);
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/** An error from the thread, as the type the caller would have seen running the job in place. */
function revive(e: { name: string; message: string; code?: string }): Error {
  if (e.name === 'ImageCheckError' && e.code) return new ImageCheckError(e.code as ImageCheckErrorCode, e.message);
  if (e.name === 'RangeError') return new RangeError(e.message);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

/**
 * The job with its bytes in a buffer of their own, so transferring it detaches nothing the caller holds. `new
 * Uint8Array(bytes)` always copies; a Node Buffer's `slice()` (what vscode.workspace.fs.readFile returns) is a view.
 */
function ownCopy<J extends ImageJob>(job: J): J {
  return 'bytes' in job ? { ...job, bytes: new Uint8Array(job.bytes) } : job;
}
