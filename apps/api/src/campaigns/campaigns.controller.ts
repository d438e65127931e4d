import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { IdParam } from '../common/validation/uuid.pipe.js';
import { ApiZodBody, ZodBody } from '../common/validation/zod.pipe.js';
import {
  CampaignsService,
  launchCampaignSchema,
  type CampaignProgress,
  type CampaignSummary,
  type LaunchCampaign,
} from './campaigns.service.js';

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Launch a published process over a scope; returns at once, instances follow (see progress)',
  })
  @ApiZodBody(launchCampaignSchema)
  launch(
    @CurrentPrincipal() principal: Principal,
    @ZodBody(launchCampaignSchema) body: LaunchCampaign,
  ): Promise<CampaignSummary> {
    return this.campaigns.launch(principal, body);
  }

  @Get()
  @ApiOperation({ summary: "The county's campaigns" })
  list(@CurrentPrincipal() principal: Principal): Promise<CampaignSummary[]> {
    return this.campaigns.list(principal);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Launch progress, instances by status and by step, and each organisation',
  })
  get(@CurrentPrincipal() principal: Principal, @IdParam() id: string): Promise<CampaignProgress> {
    return this.campaigns.progress(principal, id);
  }
}
