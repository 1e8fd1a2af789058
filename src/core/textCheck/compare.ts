// Check Text's comparison: what a vision model read in an image against what was expected (the prompt's quoted
// strings, or a localize table): each expected string matched, different (with what was read) or missing, and any
// text nobody asked for. Pure: the readers live elsewhere.

export const TEXT_VERDICTS = ['match', 'different', 'missing'] as const;
export type TextVerdict = (typeof TEXT_VERDICTS)[number];

export interface StringVerdict {
  readonly expected: string;
  readonly found?: string;
  readonly verdict: TextVerdict;
}

export interface TextComparison {
  readonly strings: readonly StringVerdict[];
  readonly unexpected: readonly string[];
}

/** Below this similarity (0–1) a text read is not taken for a misspelt expected string. */
export const SIMILAR_ENOUGH = 0.5;

// Straight and typographic double quotes, guillemets and CJK corner brackets; single quotes read as apostrophes.
const QUOTED = /"([^"\n]{1,500})"|“([^”\n]{1,500})”|«\s?([^»\n]{1,500}?)\s?»|「([^」\n]{1,500})」|『([^』\n]{1,500})』/gu;

/** The strings a prompt asks to be written: its quoted parts, in order, without duplicates. */
export function expectedFromPrompt(prompt: string): string[] {
  const out: string[] = [];
  for (const m of prompt.matchAll(QUOTED)) {
    const s = (m.slice(1).find((g) => g !== undefined) ?? '').trim();
    if (s && !out.includes(s)) out.push(s);
  }
  return out;
}

/** Text as compared: NFKC, one space between words, no space around CJK, case-folded, trailing punctuation kept. */
export function normalizeText(s: string): string {
  return s.normalize('NFKC').replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu, '').replace(/\s+/gu, ' ').trim().toLocaleLowerCase('und');
}

/** 1 − edit distance / the longer length, over code points. */
export function similarity(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  if (x.length === 0 && y.length === 0) return 1;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return 1 - prev[y.length]! / Math.max(x.length, y.length);
}

/**
 * Compare what was `read` (one entry per text block, in reading order) with what was `expected`. An expected string
 * may have been read across consecutive blocks (a wrapped line); each block is used by one expected string at most.
 */
export function compareText(expected: readonly string[], read: readonly string[]): TextComparison {
  const blocks = read.map((t) => t.trim()).filter((t) => t !== '');
  const used = new Set<number>();
  const candidates = (): { text: string; idx: number[] }[] => {
    const out: { text: string; idx: number[] }[] = [];
    for (let i = 0; i < blocks.length; i++) {
      if (used.has(i)) continue;
      let text = blocks[i]!;
      const idx = [i];
      out.push({ text, idx: [...idx] });
      for (let j = i + 1; j < Math.min(blocks.length, i + 4) && !used.has(j); j++) {
        text = `${text} ${blocks[j]}`;
        idx.push(j);
        out.push({ text, idx: [...idx] });
      }
    }
    return out;
  };
  // Exact matches first, so a near miss never takes the block an exact one needs.
  const verdicts = new Map<number, StringVerdict>();
  expected.forEach((e, k) => {
    const hit = candidates().find((c) => normalizeText(c.text) === normalizeText(e));
    if (hit) {
      for (const i of hit.idx) used.add(i);
      verdicts.set(k, { expected: e, found: hit.text, verdict: 'match' });
    }
  });
  expected.forEach((e, k) => {
    if (verdicts.has(k)) return;
    let best: { text: string; idx: number[]; score: number } | undefined;
    for (const c of candidates()) {
      const score = similarity(normalizeText(c.text), normalizeText(e));
      if (score >= SIMILAR_ENOUGH && (!best || score > best.score)) best = { ...c, score };
    }
    if (best) {
      for (const i of best.idx) used.add(i);
      verdicts.set(k, { expected: e, found: best.text, verdict: 'different' });
    } else {
      verdicts.set(k, { expected: e, verdict: 'missing' });
    }
  });
  return {
    strings: expected.map((_, k) => verdicts.get(k)!),
    unexpected: blocks.filter((_, i) => !used.has(i)),
  };
}
