// The page's link to the host: the VS Code webview API, typed messages, and request/reply.
import { RequestClient, type FromGenerateWebview, type GenerateRequests } from '../../src/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export class HostLink {
  private readonly api: VsCodeApi = acquireVsCodeApi();
  readonly requests = new RequestClient<GenerateRequests>((m) => this.api.postMessage(m));

  post(message: Exclude<FromGenerateWebview, { messageId: number }>): void {
    this.api.postMessage(message);
  }

  getState(): unknown {
    return this.api.getState();
  }

  setState(state: unknown): void {
    this.api.setState(state);
  }
}
