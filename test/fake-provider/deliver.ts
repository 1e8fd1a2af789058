// Sending answers the way a behaviour asks: at once, in timed chunks, cut short, or as server-sent events.
import type { ServerResponse } from 'node:http';
import { sleep } from './http-util';

export type DeliveryMode =
  | { readonly kind: 'whole' }
  | { readonly kind: 'chunked'; readonly chunkBytes: number; readonly intervalMs: number }
  /** Declares the full length, sends about half, then drops the connection. */
  | { readonly kind: 'cut' }
  /** Sends the first `at` bytes, then nothing, until the client leaves. */
  | { readonly kind: 'stall'; readonly at: number };

export async function deliver(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: Buffer,
  mode: DeliveryMode,
  signal: AbortSignal,
): Promise<void> {
  if (mode.kind === 'whole') {
    res.writeHead(status, { ...headers, 'content-length': String(body.length) });
    res.end(body);
    return;
  }
  if (mode.kind === 'cut') {
    res.writeHead(status, { ...headers, 'content-length': String(body.length) });
    res.write(body.subarray(0, Math.max(1, body.length >> 1)), () => res.destroy());
    return;
  }
  res.writeHead(status, headers); // no content-length: chunked transfer encoding
  if (mode.kind === 'stall') {
    if (await write(res, body.subarray(0, mode.at))) await untilClosed(res);
    return;
  }
  for (let at = 0; at < body.length; at += mode.chunkBytes) {
    if (at > 0 && !(await sleep(mode.intervalMs, signal))) return;
    if (!(await write(res, body.subarray(at, at + mode.chunkBytes)))) return;
  }
  res.end();
}

/** Resolves when the client has gone away. */
export function untilClosed(res: ServerResponse): Promise<void> {
  if (res.destroyed || res.socket?.destroyed !== false) return Promise.resolve();
  return new Promise((resolve) => res.once('close', () => resolve()));
}

/** Writes and waits for drain when the socket buffer is full; false if the client went away. */
export function write(res: ServerResponse, chunk: Buffer | string): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  if (res.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = (): void => done(true);
    const onClose = (): void => done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

/** A `text/event-stream` answer: `event: <name>` plus one `data:` line of JSON per event. */
export class SseStream {
  constructor(private readonly res: ServerResponse, headers: Record<string, string>) {
    res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
  }

  send(event: string, data: unknown): Promise<boolean> {
    return write(this.res, `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  end(): void {
    this.res.end();
  }

  /** Drops the connection mid-stream. */
  cut(): void {
    this.res.destroy();
  }
}
