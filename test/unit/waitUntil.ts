// A bounded wait for unit tests: polls a condition and fails with its name instead of hanging until CI's limit.
export async function waitUntil(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !check(); await new Promise((r) => setTimeout(r, 5))) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
  }
}
