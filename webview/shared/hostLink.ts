// A webview page's link to the extension host: the VS Code webview API, typed messages and request/reply.
// `acquireVsCodeApi` may be called once per page, so each page makes exactly one HostLink.
import { RequestClient, type RequestMap } from '../../src/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** `Requests`: the page's request/reply messages; `Message`: everything the page may post. */
export class HostLink<Requests extends RequestMap, Message> {
  private readonly api: VsCodeApi = acquireVsCodeApi();
  readonly requests = new RequestClient<Requests>((m) => this.api.postMessage(m));

  /** A one-way message (requests go through `requests`, which numbers them). */
  post(message: Exclude<Message, { messageId: number }>): void {
    this.api.postMessage(message);
  }

  getState(): unknown {
    return this.api.getState();
  }

  setState(state: unknown): void {
    this.api.setState(state);
  }
}
