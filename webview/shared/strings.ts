// The page's strings in the user's language. The host hands its l10n bundle to the page in <body data-l10n> (empty
// for English); this module, imported first by each page's entry, gives it to @vscode/l10n, whose `l10n.t('English
// text', ...args)` the pages call as the host calls vscode.l10n.t. `npm run l10n:extract` reads both: the pages'
// strings are in l10n/bundle.l10n.json with the host's, and the unit test names any a locale lacks.
import * as l10n from '@vscode/l10n';

// The first of the page's own code to run (the panel-open benchmark's 'page → script run' figure).
if (typeof performance !== 'undefined') performance.mark('pixelsmith-script-start');

function parseBundle(text: string | undefined): Record<string, string> {
  try {
    const v: unknown = JSON.parse(text ?? '{}');
    return v && typeof v === 'object' ? v as Record<string, string> : {};
  } catch {
    return {};
  }
}

const bundle = parseBundle(typeof document === 'undefined' ? undefined : document.body.dataset.l10n);
if (Object.keys(bundle).length) l10n.config({ contents: bundle });
