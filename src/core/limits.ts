// The size limits of everything Pixelsmith reads, keeps or passes on, declared once: the Generate form and its
// messages, the automation API, the catalogue's default prompt limit, provider answers (revised_prompt), sidecars,
// image headers and the placeholder. A boundary that checks a size imports it from here, so no two disagree.
// Plain constants: the webviews import this file too.

export const LIMITS = {
  /** Characters of a prompt, anywhere (a model may declare fewer in the catalogue, never more). */
  promptChars: 32_000,
  /** Characters of a provider's revised_prompt kept in the history and the sidecar (longer ones are cut); sidecars
   * written before this limit hold up to 64,000, so it stays there. */
  revisedPromptChars: 64_000,
  /** Longest side in pixels of any image inspected, decoded, drawn or described by a message. */
  imageEdge: 16_384,
  /** Most pixels of one image decoded (a 4-byte RGBA copy of 50 MP is 200 MB). */
  imagePixels: 50_000_000,
  /** Bytes of a sidecar read or written. */
  sidecarBytes: 1_000_000,
  /** Bytes of one reference image or mask a webview may send. */
  uploadBytes: 50 * 1024 * 1024,
} as const;

/** `text` cut to `max` characters without splitting a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text[max - 1] ?? '') ? max - 1 : max;
  return text.slice(0, end);
}
