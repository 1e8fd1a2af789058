// Every generation in flight, whoever started it (the Generate panel, a command, Illustrate Markdown, an agent),
// so one `pixelsmith.cancelGeneration` reaches them all. Plain Node: no `vscode`, usable by the MCP server.

/** Who started a run; shown in the log when it is cancelled. */
export type RunOrigin = 'panel' | 'command' | 'markdown' | 'agent' | 'manifest';

interface LiveRun {
  readonly controller: AbortController;
  readonly origin: RunOrigin;
}

export class RunRegistry {
  private readonly live = new Map<string, LiveRun>();
  private readonly listeners = new Set<(running: number) => void>();

  add(generationId: string, controller: AbortController, origin: RunOrigin): void {
    this.live.set(generationId, { controller, origin });
    this.changed();
  }

  remove(generationId: string): void {
    if (this.live.delete(generationId)) this.changed();
  }

  isRunning(generationId: string): boolean {
    return this.live.has(generationId);
  }

  get size(): number {
    return this.live.size;
  }

  /** Ids running now, with who started each. */
  list(): { generationId: string; origin: RunOrigin }[] {
    return [...this.live].map(([generationId, r]) => ({ generationId, origin: r.origin }));
  }

  /** Cancels one run, or every run when no id is given; answers the ids it cancelled. What arrived stays in the history. */
  cancel(generationId?: string): string[] {
    const ids = generationId !== undefined ? (this.live.has(generationId) ? [generationId] : []) : [...this.live.keys()];
    for (const id of ids) this.live.get(id)?.controller.abort();
    return ids;
  }

  /** Called with the number of running generations whenever it changes. */
  onDidChange(listener: (running: number) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  dispose(): void {
    this.cancel();
    this.live.clear();
    this.listeners.clear();
  }

  private changed(): void {
    for (const l of this.listeners) {
      try { l(this.live.size); } catch { /* a listener's failure is its own */ }
    }
  }
}
