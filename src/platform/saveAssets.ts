// Copies chosen images from the history into the workspace with their sidecars (the asset-saving issue).
import * as vscode from 'vscode';
import { PixelsmithError } from '../core/errors';
import type { Preset } from '../core/types';
import type { Services } from './services';

export interface SaveOptions {
  readonly generationId: string;
  /** 0-based image indices of the generation. */
  readonly indices: readonly number[];
  /** Destination folder; default: the preset's folder setting in the (chosen) workspace folder. */
  readonly folder?: vscode.Uri;
  readonly preset?: Preset;
  /** For markdown illustrations: the document (and heading) the image is for. */
  readonly source?: { readonly document: vscode.Uri; readonly heading?: string };
}

export interface SavedAsset { readonly index: number; readonly uri: vscode.Uri; readonly sidecarUri: vscode.Uri }

export async function saveFromHistory(_s: Services, _o: SaveOptions): Promise<SavedAsset[]> {
  throw new PixelsmithError('config', 'Saving into the workspace is not yet available.');
}
