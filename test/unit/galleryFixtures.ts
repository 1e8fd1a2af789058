// Test helpers for the gallery: valid sidecars and an in-memory file system for GallerySync.
import { buildSidecar, serializeSidecar, type Sidecar } from '../../src/core/sidecar';
import type { GalleryFileStat, GalleryFileSystem } from '../../src/core/gallery/sync';

export function sidecarFor(prompt: string, over: { createdAt?: string; model?: string; provider?: 'openai' | 'offline'; preset?: 'icon' | 'mockup'; bytes?: number } = {}): Sidecar {
  return buildSidecar({
    request: {
      prompt, provider: over.provider ?? 'openai', model: over.model ?? 'gpt-image-2', size: '1024x1024', quality: 'low',
      background: 'auto', outputFormat: 'png', n: 1, ...(over.preset ? { preset: over.preset } : {}),
    },
    image: { index: 0, sha256: 'a'.repeat(64), width: 1024, height: 1024, format: 'png', bytes: over.bytes ?? 1234, contentCredentials: false },
    generationId: '20260101-120000-abcdef', createdAt: over.createdAt ?? '2026-01-01T12:00:00.000Z', costUsd: 0.01,
  });
}

export function sidecarText(prompt: string, over: Parameters<typeof sidecarFor>[1] = {}): string {
  return serializeSidecar(sidecarFor(prompt, over));
}

/** Files by key; counts reads so tests can prove what was (not) read. */
export class MemoryFs implements GalleryFileSystem {
  readonly files = new Map<string, { bytes: Uint8Array; mtime: number; dir?: boolean }>();
  readonly reads: string[] = [];

  put(key: string, content: string | Uint8Array, mtime = 1000): void {
    this.files.set(key, { bytes: typeof content === 'string' ? new TextEncoder().encode(content) : content, mtime });
  }

  async stat(key: string): Promise<GalleryFileStat | undefined> {
    const f = this.files.get(key);
    return f ? { size: f.bytes.byteLength, mtime: f.mtime, isFile: !f.dir } : undefined;
  }

  async read(key: string): Promise<Uint8Array> {
    this.reads.push(key);
    const f = this.files.get(key);
    if (!f) throw new Error(`ENOENT ${key}`);
    return f.bytes;
  }
}
