import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createLinkSchema, type CreateLink, type OrgLinkView } from '@shuping/contracts';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { IdParam } from '../common/validation/uuid.pipe.js';
import { ApiZodBody, ZodBody, ZodQuery } from '../common/validation/zod.pipe.js';
import { LinksService } from './links.service.js';

const linkQuerySchema = z.strictObject({
  orgUnitId: z.uuid().optional(),
  all: z.enum(['true', 'false']).default('false'),
});

@ApiTags('admin: links')
@ApiBearerAuth()
@Controller('admin/links')
export class LinksController {
  constructor(private readonly links: LinksService) {}

  @Get()
  @ApiOperation({ summary: 'Links (联系点) of my subtree (all=true: also ended ones)' })
  list(
    @CurrentPrincipal() principal: Principal,
    @ZodQuery(linkQuerySchema) query: z.infer<typeof linkQuerySchema>,
  ): Promise<OrgLinkView[]> {
    return this.links.list(principal, { orgUnitId: query.orgUnitId, all: query.all === 'true' });
  }

  @Post()
  @ApiOperation({
    summary: 'Link a leader to a township or a cadre to a village (grants linked_leader there)',
  })
  @ApiZodBody(createLinkSchema)
  create(
    @CurrentPrincipal() principal: Principal,
    @ZodBody(createLinkSchema) body: CreateLink,
  ): Promise<OrgLinkView> {
    return this.links.create(principal, body);
  }

  @Post(':id/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a link (kept in the history)' })
  end(@CurrentPrincipal() principal: Principal, @IdParam() id: string): Promise<OrgLinkView> {
    return this.links.end(principal, id);
  }
}
