// A value built on first use and kept. The zod declarations are built this way: constructing them at module load
// cost ~20 ms of every window's activation (bench/activation.bench.mjs), although a command parses only its own.

/** `build()`'s value, made by the first call and returned by every later one. */
export function once<T>(build: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: build() }).value;
}
