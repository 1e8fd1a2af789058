// Entry of the Generate panel's page: the VS Code elements it uses, its stylesheet, and the app. After the
// first frame it tells the host it is ready (with the paint time, for the panel-open benchmark).
// First: the strings must be configured before any module reads one.
import '../shared/strings';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { GenerateInitData } from '../../src/protocol';
import { PsGenerate } from './app';
import './styles.css';
import { HostLink } from './vscodeApi';

performance.mark('pixelsmith-generate-modules');
const init = JSON.parse(document.body.dataset.init ?? '{}') as GenerateInitData;
const host = new HostLink();
const app = new PsGenerate();
app.start(host, init);
document.querySelector('.boot')?.remove();
document.body.append(app);
performance.mark('pixelsmith-generate-appended');

void app.updateComplete.then(() => requestAnimationFrame(() => {
  performance.mark('pixelsmith-generate-first-paint');
  host.post({ type: 'generate/ready', generations: app.knownGenerations(), paintedAt: Math.round(performance.timeOrigin + performance.now()) });
}));
