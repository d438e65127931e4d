import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { CountySetupService } from './county-setup.service.js';
import { DemoDataService } from './demo-data.service.js';

@Module({
  imports: [CampaignsModule],
  providers: [CountySetupService, DemoDataService],
  exports: [CountySetupService],
})
export class SeedModule {}
