// A linear server-sent-events reader. The openai SDK's own decoder copies and rescans its whole buffer on
// every network chunk, which is quadratic in the event size: a 4K image arrives as one ~20 MB `data:` line
// and took seconds of CPU (blocking the extension host) to parse. Here each chunk is scanned once.

export interface SseMessage {
  readonly event?: string;
  readonly data: string;
}

export async function* readSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let parts: string[] = []; // the current, unfinished line
  let event: string | undefined;
  let data: string[] = [];
  const line = function* (text: string): Generator<SseMessage> {
    const l = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (l === '') {
      if (data.length) yield { ...(event !== undefined ? { event } : {}), data: data.join('\n') };
      event = undefined;
      data = [];
      return;
    }
    if (l.startsWith(':')) return;
    const colon = l.indexOf(':');
    const field = colon < 0 ? l : l.slice(0, colon);
    const value = colon < 0 ? '' : l.slice(colon + (l[colon + 1] === ' ' ? 2 : 1));
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  };
  const feed = function* (chunk: string): Generator<SseMessage> {
    let from = 0;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', from)) {
      parts.push(chunk.slice(from, nl));
      yield* line(parts.join(''));
      parts = [];
      from = nl + 1;
    }
    if (from < chunk.length) parts.push(chunk.slice(from));
  };
  for await (const bytes of body) yield* feed(decoder.decode(bytes, { stream: true }));
  yield* feed(decoder.decode());
  if (parts.length) yield* line(parts.join(''));
  yield* line('');
}
