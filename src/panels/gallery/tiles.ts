// What the grid shows for an entry or a candidate: a cached thumbnail when there is one, else one is made in
// the background (PNG) and announced with a `gallery/thumbs` message; other formats show the original lazily.
import * as vscode from 'vscode';
import type { GalleryEntry } from '../../core/gallery/types';
import type { GenerationRecord } from '../../core/history';
import type { StoredImage } from '../../core/types';
import { ThumbnailCache } from '../../platform/gallery/thumbnails';
import type { GalleryCandidate, GalleryThumbsMessage, GalleryTile } from '../../protocolGallery';

const PROMPT_PREVIEW = 300;

export class TileMaker {
  private batch: { pending: string; src: string }[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly thumbs: ThumbnailCache,
    private readonly post: (m: GalleryThumbsMessage) => void,
  ) {}

  tile(e: GalleryEntry): GalleryTile {
    const uri = vscode.Uri.parse(e.key, true);
    const s = e.sidecar;
    const shown = this.picture(uri, e.format, s?.sha256, `${e.key}|${e.bytes}|${e.time}`);
    return {
      id: e.id, name: e.name, relPath: e.relPath, uri: e.key, kind: e.kind, format: e.format, bytes: e.bytes, time: e.time,
      ...(s ? { width: s.width, height: s.height, model: s.model, provider: s.provider, costUsd: s.costUsd, prompt: s.prompt.slice(0, PROMPT_PREVIEW) } : {}),
      ...shown,
    };
  }

  candidate(record: GenerationRecord, image: StoredImage, file: vscode.Uri): GalleryCandidate {
    return {
      generationId: record.id, index: image.index, prompt: record.request.prompt.slice(0, PROMPT_PREVIEW), model: record.model,
      provider: record.provider, time: Date.parse(image.receivedAt) || Date.parse(record.createdAt), width: image.width, height: image.height,
      format: image.format, bytes: image.bytes, ...this.picture(file, image.format, image.sha256, file.toString()),
    };
  }

  /** The full-size image, for the details pane. */
  full(uri: vscode.Uri): string {
    return this.webview.asWebviewUri(uri).toString();
  }

  dispose(): void {
    clearTimeout(this.flushTimer);
  }

  private picture(uri: vscode.Uri, format: string, sha256: string | undefined, identity: string): { src?: string; pending?: string } {
    if (format !== 'png') return { src: this.full(uri) };
    const key = ThumbnailCache.keyFor(sha256, identity);
    const cached = this.thumbs.cached(key);
    if (cached) return { src: this.full(cached) };
    if (this.thumbs.hasFailed(key)) return { src: this.full(uri) };
    // Until the thumbnail exists the tile shows the original (lazy, CSS-sized): an image at once, swapped when ready.
    void this.thumbs.ensure(key, uri, sha256 !== undefined).then((made) => { if (made) this.announce(key, this.full(made)); });
    return { src: this.full(uri), pending: key };
  }

  private announce(pending: string, src: string): void {
    this.batch.push({ pending, src });
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      const thumbs = this.batch.splice(0);
      if (thumbs.length) this.post({ type: 'gallery/thumbs', thumbs });
    }, 50);
  }
}
