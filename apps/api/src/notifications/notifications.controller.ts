import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { IdParam } from '../common/validation/uuid.pipe.js';
import { ZodQuery } from '../common/validation/zod.pipe.js';
import { NotificationsService, type NotificationView } from './notifications.service.js';

const listSchema = z.strictObject({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(false),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
type ListQuery = z.infer<typeof listSchema>;

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'My notifications, newest first, with the unread count' })
  list(
    @CurrentPrincipal() principal: Principal,
    @ZodQuery(listSchema) q: ListQuery,
  ): Promise<{ unread: number; items: NotificationView[] }> {
    return this.notifications.list(principal, q.unread, q.limit);
  }

  @Post('read-all')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark all my notifications read' })
  readAll(@CurrentPrincipal() principal: Principal): Promise<void> {
    return this.notifications.markAllRead(principal);
  }

  @Post(':id/read')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark one notification read' })
  read(@CurrentPrincipal() principal: Principal, @IdParam() id: string): Promise<void> {
    return this.notifications.markRead(principal, id);
  }
}
