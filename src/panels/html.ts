// The HTML shell every Pixelsmith webview uses: a strict CSP, one script by nonce, the bundled stylesheet,
// the codicon font, and the initial state as escaped data- attributes (never an inline script).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export interface WebviewShell {
  readonly webview: vscode.Webview;
  readonly extensionUri: vscode.Uri;
  /** The bundle's base name in dist/webview: `generate` loads generate.js and generate.css. */
  readonly entry: string;
  readonly title: string;
  /** Becomes `data-<name>` on <body>: strings as they are, anything else as JSON. */
  readonly data: Readonly<Record<string, unknown>>;
  /** Static markup shown until the script runs (escaped by the caller). */
  readonly placeholder?: string;
}

/** The folder webviews load their scripts, styles and fonts from. */
export function webviewDist(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

/** Webview options narrowed to the built webview plus `extraRoots` (e.g. the history store). */
export function webviewOptions(extensionUri: vscode.Uri, extraRoots: readonly vscode.Uri[] = []): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [webviewDist(extensionUri), ...extraRoots] };
}

export function contentSecurityPolicy(webview: vscode.Webview, nonce: string): string {
  const src = webview.cspSource;
  return [`default-src 'none'`, `img-src ${src}`, `style-src ${src}`, `font-src ${src}`, `script-src 'nonce-${nonce}'`].join('; ');
}

export function renderShell(o: WebviewShell): string {
  const nonce = randomBytes(16).toString('base64');
  const dist = webviewDist(o.extensionUri);
  const asset = (...p: string[]) => escapeAttribute(o.webview.asWebviewUri(vscode.Uri.joinPath(dist, ...p)).toString());
  // The page's strings come from the host's l10n bundle (webview/shared/strings.ts); English has none.
  const data = Object.entries({ ...o.data, l10n: vscode.l10n.bundle ?? {} })
    .map(([k, v]) => ` data-${k.replace(/[^a-z0-9-]/gi, '')}="${escapeAttribute(typeof v === 'string' ? v : JSON.stringify(v))}"`)
    .join('');
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(vscode.env.language || 'en')}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(o.webview, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="${colorScheme()}">
<title>${escapeText(o.title)}</title>
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${asset('codicons', 'codicon.css')}">
<link rel="stylesheet" href="${asset(`${o.entry}.css`)}">
</head>
<body${data}>
${o.placeholder ?? ''}
<script type="module" nonce="${nonce}" src="${asset(`${o.entry}.js`)}"></script>
</body>
</html>`;
}

/**
 * The page's color scheme from the theme at render time: an iframe whose scheme differs from the workbench's gets an
 * opaque canvas in the other scheme's colour, a white flash in a dark theme until VS Code's styles arrive.
 */
function colorScheme(): 'light' | 'dark' {
  const k = vscode.window.activeColorTheme.kind;
  return k === vscode.ColorThemeKind.Dark || k === vscode.ColorThemeKind.HighContrast ? 'dark' : 'light';
}

export function escapeAttribute(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
