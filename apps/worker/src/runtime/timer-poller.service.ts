import { withTimeout } from '../queue/queue-health.js';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { TimerFiringService } from './timer-firing.service.js';

export const TIMER_POLL_INTERVAL_MS = Symbol('TIMER_POLL_INTERVAL_MS');

/**
 * Embedded mode: fires due timers from the timer table at a fixed interval, in-process.
 * Several processes may poll at once; row locks make each timer fire once.
 */
@Injectable()
export class TimerPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TimerPoller');
  private handle: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly firing: TimerFiringService,
    @Inject(TIMER_POLL_INTERVAL_MS) private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.handle);
    // Bounded: with Redis or the database unreachable the last round may never finish.
    await withTimeout(this.running, 5000, 'shutdown').catch(() => undefined);
  }

  /** Fires what is due now (also used by tests to avoid waiting for the interval). */
  async tick(): Promise<number> {
    const run = this.firing.fireDue();
    this.running = run.catch(() => undefined);
    return run;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.handle = setTimeout(() => {
      this.tick()
        .catch((error: unknown) =>
          this.logger.error(error instanceof Error ? error.message : String(error)),
        )
        .finally(() => this.schedule());
    }, this.intervalMs);
    this.handle.unref();
  }
}
