import { Module } from '@nestjs/common';
import { CampaignLauncher } from './campaign-launcher.service.js';
import { CampaignsController } from './campaigns.controller.js';
import { CampaignsService } from './campaigns.service.js';

@Module({
  controllers: [CampaignsController],
  providers: [CampaignsService, CampaignLauncher],
  exports: [CampaignsService, CampaignLauncher],
})
export class CampaignsModule {}
