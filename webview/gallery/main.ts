// Entry of the gallery webview (dist/webview/gallery.js): registers the elements and starts the page.
// First: the strings must be configured before any module reads one.
import '../shared/strings';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import type { GalleryInitData } from '../../src/protocolGallery';
import { PsGallery } from './app';
import { HostLink } from './link';
import './gallery.css';

customElements.define('ps-gallery', PsGallery);

const init = JSON.parse(document.body.dataset.init ?? '{}') as GalleryInitData;
document.querySelector('.placeholder')?.remove();
const app = document.createElement('ps-gallery') as PsGallery;
app.link = new HostLink();
app.init = init;
document.body.append(app);
app.start();
performance.mark('pixelsmith-gallery-started');
