// An inverted index from tokens to entry ids, updated one document at a time. Tokenizing is the costly part
// (Unicode word segmentation), so documents are tokenized lazily: `set` only records the text, and the first
// search (or `flush`, run when the host is idle) tokenizes what is pending. A grid without a search never waits.
import { indexTokens, normalizeText, parseQuery, type QueryTerm } from './tokenize';

export class TextIndex {
  private readonly postings = new Map<string, Set<number>>();
  private readonly docs = new Map<number, readonly string[]>();
  private readonly pending = new Map<number, string>();
  // Tokens sorted, for prefix lookups by binary search; rebuilt lazily after changes.
  private sorted: string[] | undefined;

  get size(): number {
    return this.docs.size + this.pending.size;
  }

  /** Documents recorded but not tokenized yet. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Index (or re-index) one document; its tokens are computed at the next search or flush. */
  set(id: number, text: string): void {
    this.delete(id);
    this.pending.set(id, text);
  }

  /** Tokenize pending documents, at most `limit` of them; returns how many are still pending. */
  flush(limit = Infinity): number {
    let done = 0;
    for (const [id, text] of this.pending) {
      if (done++ >= limit) break;
      this.pending.delete(id);
      this.tokenize(id, text);
    }
    return this.pending.size;
  }

  private tokenize(id: number, text: string): void {
    const tokens = indexTokens(text);
    this.docs.set(id, tokens);
    for (const t of tokens) {
      let ids = this.postings.get(t);
      if (!ids) {
        ids = new Set();
        this.postings.set(t, ids);
        this.sorted = undefined;
      }
      ids.add(id);
    }
  }

  delete(id: number): void {
    this.pending.delete(id);
    const tokens = this.docs.get(id);
    if (!tokens) return;
    this.docs.delete(id);
    for (const t of tokens) {
      const ids = this.postings.get(t);
      if (!ids) continue;
      ids.delete(id);
      if (ids.size === 0) {
        this.postings.delete(t);
        this.sorted = undefined;
      }
    }
  }

  /**
   * Ids matching every term of the query, or undefined for an empty query (everything matches).
   * `textOf` gives a document's text back, to confirm CJK matches (bigrams can match out of order).
   */
  search(query: string, textOf: (id: number) => string | undefined): Set<number> | undefined {
    const terms = parseQuery(query);
    if (terms.length === 0) return undefined;
    this.flush();
    // Rarest term first keeps the intersections small.
    const sets = terms.map((t) => ({ term: t, ids: this.idsFor(t) })).sort((a, b) => a.ids.size - b.ids.size);
    let result: Set<number> | undefined;
    for (const { ids } of sets) {
      if (!result) result = new Set(ids);
      else for (const id of result) if (!ids.has(id)) result.delete(id);
      if (result.size === 0) return result;
    }
    const cjk = terms.filter((t): t is Extract<QueryTerm, { kind: 'cjk' }> => t.kind === 'cjk' && t.grams.length > 1);
    if (cjk.length && result) {
      for (const id of result) {
        const text = normalizeText(textOf(id) ?? '');
        if (!cjk.every((t) => text.includes(t.text))) result.delete(id);
      }
    }
    return result ?? new Set();
  }

  private idsFor(term: QueryTerm): Set<number> {
    if (term.kind === 'cjk') {
      let out: Set<number> | undefined;
      for (const g of term.grams) {
        const ids = this.postings.get(g);
        if (!ids) return new Set();
        out = out ? new Set([...out].filter((id) => ids.has(id))) : new Set(ids);
      }
      return out ?? new Set();
    }
    const out = new Set<number>();
    for (const token of this.withPrefix(term.text)) for (const id of this.postings.get(token) ?? []) out.add(id);
    return out;
  }

  private *withPrefix(prefix: string): Iterable<string> {
    const sorted = (this.sorted ??= [...this.postings.keys()].sort());
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++) yield sorted[i]!;
  }
}
