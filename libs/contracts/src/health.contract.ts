import { z } from 'zod';

/** `GET /api/health`: 200 when every part answers, 503 with `failing` otherwise. */
export const healthReportSchema = z.object({
  status: z.enum(['ok', 'error']),
  database: z.enum(['postgres', 'pglite']),
  queue: z.enum(['redis', 'embedded']),
  failing: z
    .array(z.object({ part: z.enum(['database', 'queue']), reason: z.string() }))
    .optional(),
});
export type HealthReport = z.infer<typeof healthReportSchema>;
