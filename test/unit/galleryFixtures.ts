// Test helpers for the gallery: valid sidecars and an in-memory file system for GallerySync.
import { buildSidecar, serializeSidecar, type Sidecar, type SidecarImageFormat } from '../../src/core/sidecar';
import type { GalleryFile, GalleryFileStat, GalleryFileSystem, GalleryListing } from '../../src/core/gallery/sync';

export function sidecarFor(prompt: string, over: { createdAt?: string; model?: string; provider?: 'openai' | 'offline'; preset?: 'icon' | 'mockup'; bytes?: number; language?: string; parent?: { file: string; sha256: string }; format?: SidecarImageFormat } = {}): Sidecar {
  return buildSidecar({
    request: {
      prompt, provider: over.provider ?? 'openai', model: over.model ?? 'gpt-image-2', size: '1024x1024', quality: 'low',
      background: 'auto', outputFormat: 'png', n: 1, ...(over.preset ? { preset: over.preset } : {}),
    },
    image: { index: 0, sha256: 'a'.repeat(64), width: 1024, height: 1024, format: over.format ?? 'png', bytes: over.bytes ?? 1234, contentCredentials: false },
    generationId: '20260101-120000-abcdef', createdAt: over.createdAt ?? '2026-01-01T12:00:00.000Z', costUsd: 0.01,
    ...(over.language ? { language: over.language } : {}), ...(over.parent ? { parent: over.parent } : {}),
  });
}

export function sidecarText(prompt: string, over: Parameters<typeof sidecarFor>[1] = {}): string {
  return serializeSidecar(sidecarFor(prompt, over));
}

/**
 * Files by key; counts reads and listings so tests can prove what was (not) read. Folders exist while a file is
 * under them; like a real one, a folder's mtime (the clock `time`, in ms) moves when a name in it is added or taken
 * away, a file's or a subfolder's.
 */
export class MemoryFs implements GalleryFileSystem {
  readonly files = new Map<string, { bytes: Uint8Array; mtime: number; dir?: boolean }>();
  readonly reads: string[] = [];
  readonly listed: string[] = [];
  private readonly folderTimes = new Map<string, number>();
  time = 1_000_000;

  put(key: string, content: string | Uint8Array, mtime = 1000): void {
    if (!this.files.has(key)) this.nameChanged(key);
    this.files.set(key, { bytes: typeof content === 'string' ? new TextEncoder().encode(content) : content, mtime });
  }

  remove(key: string): void {
    if (!this.files.has(key)) return;
    this.files.delete(key);
    this.nameChanged(key);
  }

  /** Rename a file; `quiet` leaves the folders' mtimes as they were (a change within one tick of the clock). */
  rename(from: string, to: string, quiet = false): void {
    const f = this.files.get(from);
    if (!f) throw new Error(`ENOENT ${from}`);
    if (!quiet) { this.nameChanged(from); this.nameChanged(to); }
    this.files.delete(from);
    this.files.set(to, f);
  }

  /** Let time pass. */
  later(ms = 60_000): void {
    this.time += ms;
  }

  async stat(key: string): Promise<GalleryFileStat | undefined> {
    const f = this.files.get(key);
    if (f) return { size: f.bytes.byteLength, mtime: f.mtime, isFile: !f.dir };
    return this.isFolder(key) ? { size: 0, mtime: this.folderTimes.get(key) ?? 0, isFile: false } : undefined;
  }

  async read(key: string): Promise<Uint8Array> {
    this.reads.push(key);
    const f = this.files.get(key);
    if (!f) throw new Error(`ENOENT ${key}`);
    return f.bytes;
  }

  async list(folder: GalleryFile): Promise<GalleryListing | undefined> {
    this.listed.push(folder.key);
    if (!this.isFolder(folder.key)) return undefined;
    const prefix = `${folder.key}/`;
    const files = new Set<string>();
    const folders = new Set<string>();
    for (const k of this.files.keys()) {
      if (!k.startsWith(prefix)) continue;
      const rest = k.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash < 0) files.add(rest);
      else folders.add(rest.slice(0, slash));
    }
    const child = (name: string) => ({ key: prefix + name, relPath: folder.relPath ? `${folder.relPath}/${name}` : name });
    return { files: [...files].map(child), folders: [...folders].map(child) };
  }

  private isFolder(key: string): boolean {
    const prefix = `${key}/`;
    for (const k of this.files.keys()) if (k.startsWith(prefix)) return true;
    return false;
  }

  /** A name appears or goes: its folder ticks, and so does each folder above that appears or empties with it. */
  private nameChanged(key: string): void {
    this.time++;
    for (let k = key; k.includes('/');) {
      const parent = k.slice(0, k.lastIndexOf('/'));
      this.folderTimes.set(parent, this.time);
      // A folder that held only this name appears or disappears with it: its own parent changes too.
      const others = [...this.files.keys()].some((f) => f !== key && f.startsWith(`${parent}/`));
      if (others) break;
      k = parent;
    }
  }
}
