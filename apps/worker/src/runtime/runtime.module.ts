import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@shuping/config';
import { Clock } from './clock.js';
import { DefinitionCache } from './definition-cache.service.js';
import { InstanceRuntime } from './instance-runtime.service.js';
import { RuntimeEvents } from './runtime-events.js';
import { TimerFiringService } from './timer-firing.service.js';
import { TIMER_POLL_INTERVAL_MS, TimerPoller } from './timer-poller.service.js';

/** The durable runtime (engine host) and timer firing, shared by the api and worker processes. */
@Global()
@Module({})
export class RuntimeModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: RuntimeModule,
      global: true,
      providers: [
        Clock,
        DefinitionCache,
        InstanceRuntime,
        RuntimeEvents,
        TimerFiringService,
        // Embedded mode polls the timer table; with Redis, BullMQ delayed jobs fire timers.
        ...(config.queue.kind === 'embedded'
          ? [
              TimerPoller,
              { provide: TIMER_POLL_INTERVAL_MS, useValue: config.timers.pollIntervalMs },
            ]
          : []),
      ],
      exports: [
        Clock,
        DefinitionCache,
        InstanceRuntime,
        RuntimeEvents,
        TimerFiringService,
        ...(config.queue.kind === 'embedded' ? [TimerPoller] : []),
      ],
    };
  }
}
