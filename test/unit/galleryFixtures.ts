// Test helpers for the gallery: valid sidecars and an in-memory file system for GallerySync.
import { buildSidecar, serializeSidecar, type Sidecar } from '../../src/core/sidecar';
import type { GalleryFile, GalleryFileStat, GalleryFileSystem } from '../../src/core/gallery/sync';

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

/**
 * Files by key; counts reads and listings so tests can prove what was (not) read. Folders exist while a file is
 * under them; like a real one, a folder's mtime moves when `put` adds a name or `remove`/`rename` take one away.
 */
export class MemoryFs implements GalleryFileSystem {
  readonly files = new Map<string, { bytes: Uint8Array; mtime: number; dir?: boolean }>();
  readonly reads: string[] = [];
  readonly listed: string[] = [];
  private readonly folderTimes = new Map<string, number>();
  private clock = 1;

  put(key: string, content: string | Uint8Array, mtime = 1000): void {
    if (!this.files.has(key)) this.touchFolder(key);
    this.files.set(key, { bytes: typeof content === 'string' ? new TextEncoder().encode(content) : content, mtime });
  }

  remove(key: string): void {
    if (this.files.delete(key)) this.touchFolder(key);
  }

  /** Rename a file; `quiet` leaves the folders' mtimes as they were (a change within one tick of the clock). */
  rename(from: string, to: string, quiet = false): void {
    const f = this.files.get(from);
    if (!f) throw new Error(`ENOENT ${from}`);
    this.files.delete(from);
    this.files.set(to, f);
    if (!quiet) { this.touchFolder(from); this.touchFolder(to); }
  }

  async stat(key: string): Promise<GalleryFileStat | undefined> {
    const f = this.files.get(key);
    if (f) return { size: f.bytes.byteLength, mtime: f.mtime, isFile: !f.dir };
    const prefix = `${key}/`;
    for (const k of this.files.keys()) if (k.startsWith(prefix)) return { size: 0, mtime: this.folderTimes.get(key) ?? 0, isFile: false };
    return undefined;
  }

  async list(folder: GalleryFile): Promise<GalleryFile[] | undefined> {
    this.listed.push(folder.key);
    const prefix = `${folder.key}/`;
    const names = [...this.files.keys()].filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('/')).map((k) => k.slice(prefix.length));
    if (names.length === 0 && !(await this.stat(folder.key))) return undefined;
    return names.map((name) => ({ key: prefix + name, relPath: folder.relPath ? `${folder.relPath}/${name}` : name }));
  }

  private touchFolder(key: string): void {
    this.folderTimes.set(key.slice(0, key.lastIndexOf('/')), ++this.clock);
  }

  async read(key: string): Promise<Uint8Array> {
    this.reads.push(key);
    const f = this.files.get(key);
    if (!f) throw new Error(`ENOENT ${key}`);
    return f.bytes;
  }
}
