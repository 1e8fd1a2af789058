// Where a request built from automation arguments gets its defaults, provider and files: the user's settings,
// the configured providers and the workspace.
import type { Services } from './services';
import type { RequestSources } from '../services/requestBuilder';
import { readImageInput, resolveLocation } from './files';
import { setting } from './settings';

export function requestSources(s: Services): RequestSources {
  return {
    defaults: () => ({ model: setting('model'), quality: setting('defaults.quality'), outputFormat: setting('defaults.outputFormat') }),
    resolveProvider: (asked) => s.providers.resolve(asked),
    readImage: (location, field) => readImageInput(resolveLocation(location, undefined, field), field),
  };
}
