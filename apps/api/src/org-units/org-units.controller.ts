import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { OrgUnitsService, type OrgUnitView } from './org-units.service.js';

@ApiTags('org-units')
@ApiBearerAuth()
@Controller('org-units')
export class OrgUnitsController {
  constructor(private readonly orgUnits: OrgUnitsService) {}

  @Get()
  @ApiOperation({ summary: 'Organisations in my scope (flat, parents before children)' })
  list(@CurrentPrincipal() principal: Principal): Promise<OrgUnitView[]> {
    return this.orgUnits.list(principal);
  }
}
