import { Controller, Get, Injectable } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Public } from '../auth/auth.decorators.js';
import { ZodQuery } from '../common/validation/zod.pipe.js';

const noticeQuerySchema = z.strictObject({
  countyId: z.uuid().optional(),
  includeClosed: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(false),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
type NoticeQuery = z.infer<typeof noticeQuerySchema>;

export interface NoticeView {
  id: string;
  countyId: string;
  orgName: string;
  subject: string;
  title: { zh: string; en: string };
  body: unknown;
  publishedAt: string;
  until: string | null;
}

@Injectable()
export class NoticesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Notices under publicity (公示), newest first; closed ones on request. */
  list(query: NoticeQuery): Promise<NoticeView[]> {
    const params: unknown[] = [query.limit];
    const where: string[] = [];
    if (query.countyId) {
      params.push(query.countyId);
      where.push(`n.county_id = $${params.length}`);
    }
    if (!query.includeClosed) where.push(`(n.until IS NULL OR n.until > now())`);
    return this.db.query(
      `SELECT n.id, n.county_id AS "countyId", o.name AS "orgName", n.subject,
              json_build_object('zh', n.title_zh, 'en', n.title_en) AS title, n.body,
              n.published_at AS "publishedAt", n.until
         FROM public_notice n JOIN org_unit o ON o.id = n.org_unit_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY n.published_at DESC LIMIT $1`,
      params,
    );
  }
}

@Public()
@ApiTags('public')
@Controller('public/notices')
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @Get()
  @ApiOperation({ summary: 'Public notices (公示) under publicity; no login' })
  list(@ZodQuery(noticeQuerySchema) query: NoticeQuery): Promise<NoticeView[]> {
    return this.notices.list(query);
  }
}
