// What the grid shows for an entry or a candidate: a cached thumbnail when there is one, else one is made in
// the background (PNG only: makesThumbnail) and announced with a `gallery/thumbs` message; other formats (AVIF
// included) show the original lazily.
// A PNG over the decode budget shows "too large" and never its original (the webview would decode it instead).
import * as vscode from 'vscode';
import { makesThumbnail } from '../../core/gallery/thumbnail';
import type { GalleryEntry, GalleryImageFormat } from '../../core/gallery/types';
import { withinDecodeBudget } from '../../core/imaging/decode-budget';
import type { GenerationRecord } from '../../core/history';
import type { StoredImage } from '../../core/types';
import { GalleryThumbnails } from '../../platform/gallery/thumbnails';
import type { GalleryCandidate, GalleryThumb, GalleryThumbsMessage, GalleryTile } from '../../protocolGallery';

const PROMPT_PREVIEW = 300;

export class TileMaker {
  private batch: GalleryThumb[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly thumbs: GalleryThumbnails,
    private readonly post: (m: GalleryThumbsMessage) => void,
  ) {}

  tile(e: GalleryEntry): GalleryTile {
    const uri = vscode.Uri.parse(e.key, true);
    const s = e.sidecar;
    const shown = this.picture(uri, e.format, s?.sha256, `${e.key}|${e.bytes}|${e.time}`, s);
    return {
      id: e.id, name: e.name, relPath: e.relPath, uri: e.key, kind: e.kind, format: e.format, bytes: e.bytes, time: e.time,
      ...(s ? { width: s.width, height: s.height, model: s.model, provider: s.provider, costUsd: s.costUsd, prompt: s.prompt.slice(0, PROMPT_PREVIEW) } : {}),
      ...(s?.language ? { language: s.language } : {}),
      ...(s?.textCheck ? { textCheck: { matched: s.textCheck.strings.filter((x) => x.verdict === 'match').length, expected: s.textCheck.strings.length, stale: s.textCheck.sha256 !== s.sha256 } } : {}),
      ...shown,
    };
  }

  candidate(record: GenerationRecord, image: StoredImage, file: vscode.Uri): GalleryCandidate {
    return {
      generationId: record.id, index: image.index, prompt: record.request.prompt.slice(0, PROMPT_PREVIEW), model: record.model,
      provider: record.provider, time: Date.parse(image.receivedAt) || Date.parse(record.createdAt), width: image.width, height: image.height,
      format: image.format, bytes: image.bytes, ...this.picture(file, image.format, image.sha256, file.toString(), image),
    };
  }

  /** The full-size image, for the details pane. */
  full(uri: vscode.Uri): string {
    return this.webview.asWebviewUri(uri).toString();
  }

  dispose(): void {
    clearTimeout(this.flushTimer);
  }

  private picture(uri: vscode.Uri, format: GalleryImageFormat, sha256: string | undefined, identity: string, declared?: { width: number; height: number }): { src?: string; pending?: string; tooLarge?: true } {
    if (!makesThumbnail(format)) return { src: this.full(uri) };
    const key = GalleryThumbnails.keyFor(sha256, identity);
    switch (this.thumbs.state(key)) {
      case 'ready': return { src: this.full(this.thumbs.uriOf(key)) };
      case 'too-large': return { tooLarge: true };
      case 'failed': return { src: this.full(uri) };
      case undefined: break;
    }
    // Until the thumbnail exists the tile shows the original (lazy, CSS-sized): an image at once, swapped when ready;
    // not when its record declares a size over the budget (the webview would decode it instead of the host).
    const original = !declared || withinDecodeBudget(declared.width, declared.height) ? { src: this.full(uri) } : {};
    void this.thumbs.ensure(key, uri, sha256 !== undefined).then((made) => {
      if (made.state === 'ready') this.announce({ pending: key, src: this.full(this.thumbs.uriOf(made.key)) });
      else if (made.state === 'too-large') this.announce({ pending: key, tooLarge: true });
    });
    return { ...original, pending: key };
  }

  private announce(thumb: GalleryThumb): void {
    this.batch.push(thumb);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      const thumbs = this.batch.splice(0);
      if (thumbs.length) this.post({ type: 'gallery/thumbs', thumbs });
    }, 50);
  }
}
