// The one error type for images that are not what they claim or what was asked for.

export type ImageCheckErrorCode =
  /** No known signature (or empty). */
  | 'unknown-format'
  /** The file ends early: a missing end marker, a chunk running past the end. */
  | 'truncated'
  /** Structurally wrong: bad CRC, bad header, sizes that do not add up. */
  | 'corrupt'
  /** Valid but a variant this code does not handle (e.g. decoding interlaced PNG). */
  | 'unsupported'
  /** A valid image that is not what was expected (format, size, alpha). */
  | 'mismatch'
  /** Declares more pixels than the decode budget: refused before inflating (a decompression bomb, or just huge). */
  | 'too-large';

export class ImageCheckError extends Error {
  override readonly name = 'ImageCheckError';
  constructor(
    readonly code: ImageCheckErrorCode,
    message: string,
  ) {
    super(message);
  }
}
