// A linear server-sent-events reader over bytes. The openai SDK's own decoder copies and rescans its whole
// buffer on every network chunk, which is quadratic in the event size: a 4K image arrives as one ~20 MB
// `data:` line and took seconds of CPU (blocking the extension host) to parse. Here each chunk is searched
// once (indexOf), and `data:` bytes go straight into a Base64JsonScanner, so an image's base64 is decoded
// as it arrives instead of being held as a 20 MB line, a 20 MB JSON string and the decoded bytes at once.
import { Base64JsonScanner } from './b64json';

export interface SseMessage {
  readonly event?: string;
  /** The event's data (its lines joined with \n), each `b64_json` string value replaced by `{"$blob": i}`. */
  readonly data: string;
  /** The decoded `b64_json` values, in order. */
  readonly blobs: readonly Buffer[];
}

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const SPACE = 0x20;

type State = 'field' | 'space' | 'data' | 'value';

class SseParser {
  private state: State = 'field';
  private field: Buffer[] = [];
  private value: Buffer[] = [];
  private fieldName = '';
  private event: string | undefined;
  private scanner: Base64JsonScanner | undefined;
  /** A data line's CR seen at the end of a chunk: dropped if LF follows, else written. */
  private pendingCr = false;
  readonly out: SseMessage[] = [];

  write(buf: Buffer): void {
    let at = 0;
    while (at < buf.length) {
      if (this.state === 'space') { if (buf[at] === SPACE) at++; this.state = this.fieldName === 'data' ? 'data' : 'value'; continue; }
      const nl = buf.indexOf(LF, at);
      const stop = nl < 0 ? buf.length : nl;
      if (this.state === 'field') at = this.readField(buf, at, stop, nl >= 0);
      else if (this.state === 'data') { this.writeData(buf.subarray(at, stop), nl >= 0); at = this.lineDone(stop, nl); }
      else { this.value.push(Buffer.from(buf.subarray(at, stop))); at = this.lineDone(stop, nl); }
    }
  }

  /** End of input: an unfinished line ends, and an unfinished event is dispatched (as the SDK does). */
  end(): void {
    if (this.state === 'field') { if (this.field.length) this.endLine(); } else this.endLine();
    this.dispatch();
  }

  private readField(buf: Buffer, at: number, stop: number, lineEnds: boolean): number {
    const colon = buf.subarray(at, stop).indexOf(COLON);
    if (colon >= 0) {
      this.field.push(Buffer.from(buf.subarray(at, at + colon)));
      this.fieldName = Buffer.concat(this.field).toString('utf8');
      this.field = [];
      if (this.fieldName === 'data') this.startData();
      this.state = 'space';
      return at + colon + 1;
    }
    this.field.push(Buffer.from(buf.subarray(at, stop)));
    if (!lineEnds) return stop;
    this.endLine();
    return stop + 1;
  }

  private startData(): void {
    if (this.scanner) this.scanner.write(Buffer.from('\n'));
    else this.scanner = new Base64JsonScanner();
  }

  private writeData(bytes: Buffer, lineEnds: boolean): void {
    const scanner = this.scanner!;
    if (this.pendingCr) { this.pendingCr = false; if (bytes.length || !lineEnds) scanner.write(Buffer.from('\r')); }
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === CR) { end--; if (!lineEnds) this.pendingCr = true; }
    if (end > 0) scanner.write(bytes.subarray(0, end));
  }

  private lineDone(stop: number, nl: number): number {
    if (nl < 0) return stop;
    this.endLine();
    return nl + 1;
  }

  /** A line ended: a field without a colon, a value finished, or an empty line (dispatch). */
  private endLine(): void {
    this.pendingCr = false;
    if (this.state === 'field') {
      const line = stripCr(Buffer.concat(this.field)).toString('utf8');
      this.field = [];
      if (line === '') this.dispatch();
      else if (line === 'data') this.startData();
      else if (line === 'event') this.event = '';
    } else if (this.state !== 'data') {
      const value = stripCr(Buffer.concat(this.value)).toString('utf8');
      this.value = [];
      if (this.fieldName === 'event') this.event = value;
    }
    this.state = 'field';
  }

  private dispatch(): void {
    const scanner = this.scanner;
    const event = this.event;
    this.scanner = undefined;
    this.event = undefined;
    if (!scanner) return;
    const { text, blobs } = scanner.end();
    this.out.push({ ...(event !== undefined ? { event } : {}), data: text, blobs });
  }
}

function stripCr(b: Buffer): Buffer {
  return b.length && b[b.length - 1] === CR ? b.subarray(0, -1) : b;
}

export async function* readSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseMessage> {
  const parser = new SseParser();
  for await (const chunk of body) {
    parser.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    yield* parser.out.splice(0);
  }
  parser.end();
  yield* parser.out.splice(0);
}
