import {
  Injectable,
  type MessageEvent,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { RuntimeEvents } from '@shuping/worker';
import { filter, interval, map, merge, Observable, Subject, takeUntil, throttleTime } from 'rxjs';

/** What changed, as pushed to dashboards (counts only: clients re-read what they show). */
export interface LiveChange {
  countyId: string;
  /** runtime: instances advanced or timers fired; supervision: an action on the dashboard. */
  source: 'runtime' | 'supervision';
  instances: number;
}

const HEARTBEAT_MS = 25_000;
/** At most a few pushes a second per connection, however busy the runtime is. */
const THROTTLE_MS = 500;

/**
 * Live updates for the dashboard (server-sent events). Every committed runtime transaction
 * (RuntimeEvents.onCommitted) and every supervision action is pushed to the connections of
 * the same county, throttled, with a heartbeat so proxies keep the stream open.
 */
@Injectable()
export class SupervisionLiveService implements OnModuleInit, OnModuleDestroy {
  private readonly changes = new Subject<LiveChange>();
  private readonly closing = new Subject<void>();

  constructor(private readonly events: RuntimeEvents) {}

  onModuleInit(): void {
    this.events.onCommitted((committed) =>
      this.changes.next({
        countyId: committed.countyId,
        source: 'runtime',
        instances: committed.instanceIds.length,
      }),
    );
  }

  onModuleDestroy(): void {
    this.closing.next();
    this.closing.complete();
    this.changes.complete();
  }

  /** Announces a change made outside the runtime (urging, supervision records). */
  publish(countyId: string, instances = 1): void {
    this.changes.next({ countyId, source: 'supervision', instances });
  }

  /** The event stream of one county (all counties for a province administrator: null). */
  stream(countyId: string | null): Observable<MessageEvent> {
    const changes = this.changes.pipe(
      filter((c) => countyId === null || c.countyId === countyId),
      throttleTime(THROTTLE_MS, undefined, { leading: true, trailing: true }),
      map((c): MessageEvent => ({
        type: 'changed',
        data: { source: c.source, instances: c.instances, at: new Date().toISOString() },
      })),
    );
    const heartbeat = interval(HEARTBEAT_MS).pipe(
      map((): MessageEvent => ({ type: 'heartbeat', data: { at: new Date().toISOString() } })),
    );
    const hello: Observable<MessageEvent> = new Observable((subscriber) => {
      subscriber.next({ type: 'ready', data: { at: new Date().toISOString() } });
    });
    return merge(hello, changes, heartbeat).pipe(takeUntil(this.closing));
  }
}
