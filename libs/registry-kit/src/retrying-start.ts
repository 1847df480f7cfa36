/**
 * Keeps trying to start something that needs a broker (a consumer group, say) in the background,
 * with exponential backoff up to 30 s, so a service starts and serves while Kafka is away.
 * `stop()` ends the attempts, waking a pending backoff at once.
 */
export class RetryingStart {
  private stopping = false;
  private wake: (() => void) | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly attempt: () => Promise<void>,
    /** Undoes a half-made start before the next try. */
    private readonly reset: () => Promise<void>,
    private readonly onRetry: (err: unknown, delayMs: number) => void,
  ) {}

  get stopped(): boolean {
    return this.stopping;
  }

  begin(): void {
    this.stopping = false;
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    for (let n = 1; !this.stopping; n++) {
      try {
        await this.attempt();
        return;
      } catch (err) {
        await this.reset().catch(() => undefined);
        if (this.stopping) return;
        const delay = Math.min(30_000, 500 * 2 ** Math.min(n, 6));
        this.onRetry(err, delay);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }
}
