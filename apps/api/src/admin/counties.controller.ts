import { Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  changePasswordSchema,
  createCountySchema,
  inviteAdminSchema,
  type AccountStatus,
  type ChangePassword,
  type CountyCreated,
  type CountyView,
  type CreateCounty,
  type InviteAdmin,
  type OneTimePassword,
} from '@shuping/contracts';
import { HttpCode } from '@nestjs/common';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { IdParam } from '../common/validation/uuid.pipe.js';
import { ApiZodBody, ZodBody } from '../common/validation/zod.pipe.js';
import { AccountService } from './account.service.js';
import { CountiesService } from './counties.service.js';

@ApiTags('admin: counties')
@ApiBearerAuth()
@Controller('admin/counties')
export class CountiesController {
  constructor(private readonly counties: CountiesService) {}

  @Get()
  @ApiOperation({ summary: 'Counties (provincial administrators)' })
  list(@CurrentPrincipal() principal: Principal): Promise<CountyView[]> {
    return this.counties.list(principal);
  }

  @Post()
  @ApiOperation({
    summary: 'Create a county and invite its first administrator (one-time password)',
  })
  @ApiZodBody(createCountySchema)
  create(
    @CurrentPrincipal() principal: Principal,
    @ZodBody(createCountySchema) body: CreateCounty,
  ): Promise<CountyCreated> {
    return this.counties.create(principal, body);
  }

  @Post(':id/admins')
  @ApiOperation({ summary: 'Invite another administrator for a county (one-time password)' })
  @ApiZodBody(inviteAdminSchema)
  invite(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(inviteAdminSchema) body: InviteAdmin,
  ): Promise<OneTimePassword> {
    return this.counties.invite(principal, id, body);
  }
}

@ApiTags('account')
@ApiBearerAuth()
@Controller('account')
export class AccountController {
  constructor(private readonly account: AccountService) {}

  @Get()
  @ApiOperation({ summary: 'My account: must I change a one-time password?' })
  status(@CurrentPrincipal() principal: Principal): Promise<AccountStatus> {
    return this.account.status(principal);
  }

  @Post('password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change my password (required after a one-time password)' })
  @ApiZodBody(changePasswordSchema)
  changePassword(
    @CurrentPrincipal() principal: Principal,
    @ZodBody(changePasswordSchema) body: ChangePassword,
  ): Promise<AccountStatus> {
    return this.account.changePassword(principal, body);
  }
}
