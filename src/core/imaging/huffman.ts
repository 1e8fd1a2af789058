// Length-limited Huffman code lengths and canonical codes (as DEFLATE and VP8L define them).

/**
 * Code lengths for `freq`, none longer than `limit`. Symbols with zero frequency get length 0.
 * A single used symbol gets length 1. Over-long trees are rebuilt with small counts raised (as libwebp does).
 */
export function huffmanLengths(freq: ArrayLike<number>, limit: number): Uint8Array {
  const n = freq.length;
  const lengths = new Uint8Array(n);
  const used: number[] = [];
  for (let s = 0; s < n; s++) if (freq[s] > 0) used.push(s);
  if (used.length === 0) return lengths;
  if (used.length === 1) {
    lengths[used[0]] = 1;
    return lengths;
  }
  for (let floor = 1; ; floor *= 2) {
    const depth = treeDepths(used.map((s) => Math.max(freq[s], floor)));
    let max = 0;
    for (const d of depth) max = Math.max(max, d);
    if (max <= limit) {
      used.forEach((s, i) => (lengths[s] = depth[i]));
      return lengths;
    }
  }
}

/** Depth of each leaf in a Huffman tree over `weights` (two-queue construction). */
function treeDepths(weights: number[]): number[] {
  const leaves = weights.map((w, i) => ({ w, i })).sort((a, b) => a.w - b.w || a.i - b.i);
  const count = leaves.length;
  const parent = new Int32Array(2 * count - 1);
  const weight = new Float64Array(2 * count - 1);
  leaves.forEach((l, k) => (weight[k] = l.w));
  let leaf = 0;
  let node = count; // internal nodes are appended in increasing weight order
  let nextInternal = count;
  const take = (): number => {
    if (leaf < count && (nextInternal >= node || weight[leaf] <= weight[nextInternal])) return leaf++;
    return nextInternal++;
  };
  while (node < 2 * count - 1) {
    const a = take();
    const b = take();
    weight[node] = weight[a] + weight[b];
    parent[a] = node;
    parent[b] = node;
    node++;
  }
  const nodeDepth = new Int32Array(2 * count - 1);
  for (let k = 2 * count - 3; k >= 0; k--) nodeDepth[k] = nodeDepth[parent[k]] + 1;
  const depths = new Array<number>(count);
  leaves.forEach((l, k) => (depths[l.i] = nodeDepth[k]));
  return depths;
}

/** Canonical codes for `lengths`: shorter codes first, then by symbol. Codes are MSB-first. */
export function canonicalCodes(lengths: Uint8Array): Uint32Array {
  const maxLen = lengths.reduce((m, l) => Math.max(m, l), 0);
  const blCount = new Uint32Array(maxLen + 1);
  for (const l of lengths) if (l) blCount[l]++;
  const next = new Uint32Array(maxLen + 2);
  let code = 0;
  for (let bits = 1; bits <= maxLen; bits++) {
    code = (code + blCount[bits - 1]) << 1;
    next[bits] = code;
  }
  const codes = new Uint32Array(lengths.length);
  for (let s = 0; s < lengths.length; s++) if (lengths[s]) codes[s] = next[lengths[s]]++;
  return codes;
}

/** `code` of `len` bits with its bit order reversed, for LSB-first bit writers. */
export function reverseBits(code: number, len: number): number {
  let r = 0;
  for (let i = 0; i < len; i++) {
    r = (r << 1) | (code & 1);
    code >>>= 1;
  }
  return r;
}
