// Runs the fake provider standalone: `node out/test/fake-provider/main.js [--port N] [--host H] [--latency MS]
// [--texture grain|flat] [--fal-queue-polls N]`. Prints `fake provider listening on URL` and runs until SIGINT/SIGTERM.
import { startFakeProvider } from './server';
import type { FakeProviderOptions } from './types';

function parseArgs(argv: readonly string[]): FakeProviderOptions {
  const o: { -readonly [K in keyof FakeProviderOptions]: FakeProviderOptions[K] } = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const num = (): number => {
      const n = Number(value);
      if (value === undefined || !Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a non-negative integer, got ${JSON.stringify(value)}`);
      i++;
      return n;
    };
    switch (flag) {
      case '--port': o.port = num(); break;
      case '--latency': o.latencyMs = num(); break;
      case '--fal-queue-polls': o.falQueuePolls = num(); break;
      case '--host':
        if (!value) throw new Error('--host needs a value');
        o.host = value;
        i++;
        break;
      case '--texture':
        if (value !== 'grain' && value !== 'flat') throw new Error("--texture must be 'grain' or 'flat'");
        o.texture = value;
        i++;
        break;
      case '--revised-prompts': o.revisedPrompts = true; break;
      default: throw new Error(`unknown option ${flag}`);
    }
  }
  return o;
}

async function main(): Promise<void> {
  const fake = await startFakeProvider(parseArgs(process.argv.slice(2)));
  process.stdout.write(`fake provider listening on ${fake.url}\n`);
  const stop = (): void => { void fake.close().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`fake provider: ${(e as Error).message}\n`);
  process.exit(2);
});
