// Check Text: one reader reads the image, the comparison says what matched, differs or is missing, and the result
// takes the shape the sidecar records. No vscode here: the readers and the files are the caller's.
import { sha256 } from '../core/history';
import type { SidecarTextCheck } from '../core/sidecar';
import { compareText, type StringVerdict } from '../core/textCheck/compare';
import type { Expected, ExpectedSource } from '../core/textCheck/expected';
import type { ImageToRead, TextReader, TextReaderId } from '../core/textCheck/reader';

export interface TextCheckResult {
  readonly reader: TextReaderId;
  readonly model: string;
  readonly strings: readonly StringVerdict[];
  readonly unexpected: readonly string[];
  /** Where the expected strings came from. */
  readonly expectedFrom: ExpectedSource;
  readonly checkedAt: string;
  /** Of the bytes that were read. */
  readonly sha256: string;
}

export async function runTextCheck(reader: TextReader, image: ImageToRead, expected: Expected, signal?: AbortSignal, now: () => Date = () => new Date()): Promise<TextCheckResult> {
  const read = await reader.read(image, signal);
  const { strings, unexpected } = compareText(expected.strings, read.blocks);
  return { reader: reader.id, model: read.model, strings, unexpected, expectedFrom: expected.from, checkedAt: now().toISOString(), sha256: sha256(image.bytes) };
}

/** Some expected string was not read as written. */
export function checkFailed(r: Pick<TextCheckResult, 'strings'>): boolean {
  return r.strings.some((s) => s.verdict !== 'match');
}

/** The result as the sidecar keeps it. */
export function sidecarRecord(r: TextCheckResult): SidecarTextCheck {
  return {
    reader: r.reader, model: r.model.slice(0, 100), checkedAt: r.checkedAt, sha256: r.sha256,
    strings: r.strings.map((s) => ({ expected: s.expected, ...(s.found !== undefined ? { found: s.found } : {}), verdict: s.verdict })),
    unexpected: [...r.unexpected],
  };
}

/** One line per string, for a message: `✓ Start`, `≠ Settings → Setings`, `✗ Help (missing)`. */
export function summaryLines(r: Pick<TextCheckResult, 'strings' | 'unexpected'>): string[] {
  return [
    ...r.strings.map((s) => s.verdict === 'match' ? `✓ ${s.expected}` : s.verdict === 'different' ? `≠ ${s.expected} → read as ${s.found}` : `✗ ${s.expected} (missing)`),
    ...r.unexpected.map((u) => `+ ${u} (not expected)`),
  ];
}

/** The report as markdown: a table of the expected strings, then the unexpected text. */
export function reportMarkdown(name: string, r: TextCheckResult, recorded: boolean): string {
  const cell = (s: string | undefined) => (s ?? '').replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
  const verdict = { match: '✓ matched', different: '≠ different', missing: '✗ missing' } as const;
  const counts = (v: StringVerdict['verdict']) => r.strings.filter((s) => s.verdict === v).length;
  const lines = [
    `# Text check: ${cell(name)}`, '',
    `Read by ${cell(r.model)} (${r.reader === 'openai' ? 'OpenAI Responses API' : 'VS Code language model'}) at ${r.checkedAt}.`,
    `Expected strings from: ${r.expectedFrom === 'none' ? 'nothing (the image has no localize table or quoted prompt text; pass `expected` to compare)' : r.expectedFrom}.`,
    '', `**${counts('match')} matched, ${counts('different')} different, ${counts('missing')} missing, ${r.unexpected.length} unexpected.**`, '',
  ];
  if (r.strings.length) {
    lines.push('| expected | verdict | read in the image |', '| --- | --- | --- |');
    for (const s of r.strings) lines.push(`| ${cell(s.expected)} | ${verdict[s.verdict]} | ${cell(s.found)} |`);
    lines.push('');
  }
  if (r.unexpected.length) lines.push('Text nobody asked for:', '', ...r.unexpected.map((u) => `- ${cell(u)}`), '');
  lines.push(recorded ? 'Recorded in the sidecar (`textCheck`).' : 'Not recorded: the image has no Pixelsmith sidecar.');
  return lines.join('\n');
}
