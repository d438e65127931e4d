import { Injectable } from '@nestjs/common';

/** A timer row written by a committed transaction, to be armed in the scheduler. */
export interface ArmedTimer {
  id: string;
  instanceId: string;
  dueAt: Date;
}

/** What a committed runtime transaction changed, for after-commit work (scheduling, live views). */
export interface Committed {
  countyId: string;
  instanceIds: string[];
  timers: ArmedTimer[];
  /** The event applied (`START` for new instances): listeners can skip what does not concern them. */
  eventType: string;
}

export type CommittedListener = (committed: Committed) => void | Promise<void>;

/**
 * After-commit notifications of the runtime. Listeners (the timer scheduler, live dashboards)
 * must not throw into the caller: the transaction is already committed and the timer table is
 * the truth, so a failed listener is repaired by the reconciler, not by the request.
 */
@Injectable()
export class RuntimeEvents {
  private readonly listeners: CommittedListener[] = [];

  onCommitted(listener: CommittedListener): void {
    this.listeners.push(listener);
  }

  async emit(committed: Committed): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(committed);
      } catch {
        // Repaired by the reconciler; see class comment.
      }
    }
  }
}
