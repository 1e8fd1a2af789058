// An incremental reader for JSON whose big string values are base64 images (`"b64_json": "iVBOR…"`).
// Bytes go in as they arrive; every `b64_json` string value is decoded to bytes piece by piece (4-character
// aligned) and left out of the JSON text, which keeps only a `{"$blob": i}` marker in its place. So the whole
// JSON text, the base64 string and the decoded bytes are never held at once, and big strings are found with
// indexOf (memchr), not scanned character by character. The rest of the text is parsed with JSON.parse.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const KEY = 'b64_json';

/** The JSON text with each decoded value replaced by `{"$blob": i}`, and the decoded values. */
export interface ScannedJson {
  readonly text: string;
  readonly blobs: readonly Buffer[];
}

/** The input ended inside a string: the body was cut short. */
export class TruncatedJsonError extends Error {
  constructor(what: string) {
    super(`the answer ended in the middle of ${what}`);
  }
}

type Mode = 'out' | 'string' | 'blob';

export class Base64JsonScanner {
  private mode: Mode = 'out';
  private readonly text: Buffer[] = [];
  private heldText = 0;
  private readonly blobs: Buffer[] = [];
  /** The last significant byte outside strings; QUOTE right after a string closes. */
  private prevSig = 0;
  /** The raw content of the string being read (or last closed), while it is short enough to be a key. */
  private key: number[] | null = [];
  private lastString = '';
  private escape: number[] | null = null;
  private blob = new Base64Pieces();
  private readonly find = new Finder();

  write(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let at = 0;
    this.find.reset();
    while (at < buf.length) {
      if (this.mode === 'out') at = this.outside(buf, at);
      else if (this.escape) at = this.escaped(buf, at);
      else if (this.mode === 'string') at = this.inString(buf, at);
      else at = this.inBlob(buf, at);
    }
  }

  /** Bytes of JSON text held so far (everything but the decoded values), to bound what a body may make us keep. */
  get textBytes(): number {
    return this.heldText;
  }

  private keepText(...pieces: Buffer[]): void {
    for (const p of pieces) this.heldText += p.length;
    this.text.push(...pieces);
  }

  /** The values decoded completely so far, in order; what a body cut short still delivered. */
  get completedBlobs(): readonly Buffer[] {
    return this.blobs;
  }

  /** Everything written; throws TruncatedJsonError if the input stopped inside a string. */
  end(): ScannedJson {
    if (this.mode === 'blob') throw new TruncatedJsonError(`an image (${this.blob.decodedBytes} bytes decoded so far)`);
    if (this.mode === 'string') throw new TruncatedJsonError('a string');
    return { text: Buffer.concat(this.text).toString('utf8'), blobs: this.blobs };
  }

  private outside(buf: Buffer, at: number): number {
    const q = this.find.nextQuote(buf, at);
    const stop = q < 0 ? buf.length : q;
    for (let i = stop - 1; i >= at; i--) {
      const b = buf[i]!;
      if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) { this.prevSig = b; break; }
    }
    if (q < 0) { this.keepText(Buffer.from(buf.subarray(at))); return buf.length; }
    const isBlob = this.prevSig === COLON && this.lastString === KEY;
    if (isBlob) {
      this.keepText(Buffer.from(buf.subarray(at, q)), Buffer.from(`{"$blob":${this.blobs.length}}`));
      this.mode = 'blob';
      this.blob = new Base64Pieces();
    } else {
      this.keepText(Buffer.from(buf.subarray(at, q + 1)));
      this.mode = 'string';
      this.key = [];
    }
    return q + 1;
  }

  private inString(buf: Buffer, at: number): number {
    const end = this.find.nextSpecial(buf, at);
    const stop = end < 0 ? buf.length : end;
    if (this.key) {
      if (this.key.length + stop - at > KEY.length) this.key = null;
      else for (let i = at; i < stop; i++) this.key.push(buf[i]!);
    }
    if (end < 0) { this.keepText(Buffer.from(buf.subarray(at))); return buf.length; }
    this.keepText(Buffer.from(buf.subarray(at, end + 1)));
    if (buf[end] === BACKSLASH) { this.key = null; this.escape = []; return end + 1; }
    this.closeString(this.key ? String.fromCharCode(...this.key) : '');
    return end + 1;
  }

  private inBlob(buf: Buffer, at: number): number {
    const end = this.find.nextSpecial(buf, at);
    const stop = end < 0 ? buf.length : end;
    if (stop > at) this.blob.add(buf.toString('latin1', at, stop));
    if (end < 0) return buf.length;
    if (buf[end] === BACKSLASH) { this.escape = []; return end + 1; }
    this.blobs.push(this.blob.finish());
    this.blob = new Base64Pieces();
    this.closeString('');
    return end + 1;
  }

  /** The bytes after a backslash: one character, or `u` and four hex digits. */
  private escaped(buf: Buffer, at: number): number {
    const esc = this.escape!;
    let i = at;
    while (i < buf.length && (esc.length === 0 || (esc[0] === 0x75 && esc.length < 5))) esc.push(buf[i++]!);
    if (this.mode === 'string') this.keepText(Buffer.from(buf.subarray(at, i)));
    if (esc.length === 0 || (esc[0] === 0x75 && esc.length < 5)) return i;
    if (this.mode === 'blob') {
      const char = JSON.parse(`"\\${String.fromCharCode(...esc)}"`) as string;
      this.blob.add(char);
    }
    this.escape = null;
    return i;
  }

  private closeString(content: string): void {
    this.mode = 'out';
    this.lastString = content;
    this.prevSig = QUOTE;
  }
}

/**
 * Positions of the next quote and backslash in one chunk, each found once (indexOf from where the last one
 * was), so a chunk is searched linearly however many strings and escapes it holds.
 */
class Finder {
  private quote = -2;
  private backslash = -2;

  /** The next quote at or after `at`, or -1. */
  nextQuote(buf: Buffer, at: number): number {
    if (this.quote !== -1 && this.quote < at) this.quote = buf.indexOf(QUOTE, at);
    return this.quote;
  }

  /** The next quote or backslash at or after `at`, or -1. */
  nextSpecial(buf: Buffer, at: number): number {
    const q = this.nextQuote(buf, at);
    if (this.backslash !== -1 && this.backslash < at) this.backslash = buf.indexOf(BACKSLASH, at);
    const b = this.backslash;
    return q < 0 ? b : b < 0 ? q : Math.min(q, b);
  }

  /** A new chunk: forget the positions found in the last one. */
  reset(): void {
    this.quote = -2;
    this.backslash = -2;
  }
}

/** Decoded bytes go into slabs of this size (few, big allocations instead of one per network chunk). */
const SLAB_BYTES = 1 << 20;

/**
 * Base64 text decoded in 4-character-aligned pieces as it comes, straight into slabs. A piece that does not
 * decode to exactly 3 bytes per 4 characters (padding, whitespace or other characters in it) switches to
 * keeping the rest as text, decoded at the end exactly as Buffer.from(text, 'base64') would.
 */
class Base64Pieces {
  private readonly full: Buffer[] = [];
  private slab: Buffer | undefined;
  private used = 0;
  private carry = '';
  private lenient: string[] | null = null;
  decodedBytes = 0;

  add(text: string): void {
    if (this.lenient) { this.lenient.push(text); return; }
    let rest = text;
    if (this.carry) {
      // Complete the carried quantum on its own, so the big text is never concatenated (copied).
      const need = 4 - this.carry.length;
      if (rest.length < need) { this.carry += rest; return; }
      const head = this.carry + rest.slice(0, need);
      this.carry = '';
      rest = rest.slice(need);
      if (!this.decode(head)) { this.lenient!.push(rest); return; }
    }
    const whole = rest.length & ~3;
    const tail = rest.slice(whole);
    if (whole > 0 && !this.decode(whole === rest.length ? rest : rest.slice(0, whole))) { this.lenient!.push(tail); return; }
    this.carry = tail;
  }

  finish(): Buffer {
    const rest = this.lenient ? this.lenient.join('') + this.carry : this.carry;
    const parts = [...this.full, ...(this.slab ? [this.slab.subarray(0, this.used)] : [])];
    if (rest) parts.push(Buffer.from(rest, 'base64'));
    return Buffer.concat(parts);
  }

  /** Decodes a clean piece into the slab; false (and lenient from here on) if it is not clean. */
  private decode(piece: string): boolean {
    const expected = (piece.length / 4) * 3;
    // Padding belongs at the very end: whatever follows it is decoded with the rest at the end.
    if (piece.endsWith('=')) { this.lenient = [piece]; return false; }
    if (!this.slab || this.slab.length - this.used < expected) {
      if (this.slab) this.full.push(this.slab.subarray(0, this.used));
      this.slab = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, expected));
      this.used = 0;
    }
    const written = this.slab.write(piece, this.used, 'base64');
    if (written !== expected) { this.lenient = [piece]; return false; }
    this.used += written;
    this.decodedBytes += written;
    return true;
  }
}
