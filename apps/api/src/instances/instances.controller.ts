import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { IdParam } from '../common/validation/uuid.pipe.js';
import { InstancesService, type InstanceView } from './instances.service.js';

@ApiTags('instances')
@ApiBearerAuth()
@Controller('instances')
export class InstancesController {
  constructor(private readonly instances: InstancesService) {}

  @Get(':id')
  @ApiOperation({ summary: 'State, tasks, pending timers and history of an instance' })
  get(@CurrentPrincipal() principal: Principal, @IdParam() id: string): Promise<InstanceView> {
    return this.instances.get(principal, id);
  }
}
