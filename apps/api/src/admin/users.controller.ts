import { Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  assignRoleSchema,
  createUserSchema,
  issuePasswordsSchema,
  standInSchema,
  updateUserSchema,
  userQuerySchema,
  type AdminUserDetail,
  type AssignRole,
  type CreateUser,
  type IssuePasswords,
  type OneTimePassword,
  type StandIn,
  type StandInView,
  type UpdateUser,
  type UserPage,
  type UserQuery,
} from '@shuping/contracts';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { IdParam } from '../common/validation/uuid.pipe.js';
import { ApiZodBody, ZodBody, ZodQuery } from '../common/validation/zod.pipe.js';
import { RolesService } from './roles.service.js';
import { UsersService } from './users.service.js';

const standInQuerySchema = z.strictObject({ all: z.enum(['true', 'false']).default('false') });

@ApiTags('admin: people and roles')
@ApiBearerAuth()
@Controller('admin/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly roles: RolesService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'People of my subtree (filters: q, orgUnitId, role, active, noPassword)',
  })
  list(
    @CurrentPrincipal() principal: Principal,
    @ZodQuery(userQuerySchema) query: UserQuery,
  ): Promise<UserPage> {
    return this.users.list(principal, query);
  }

  @Post()
  @ApiOperation({
    summary: 'Create an account with roles; answers its one-time password (shown once)',
  })
  @ApiZodBody(createUserSchema)
  create(
    @CurrentPrincipal() principal: Principal,
    @ZodBody(createUserSchema) body: CreateUser,
  ): Promise<OneTimePassword> {
    return this.users.create(principal, body);
  }

  @Post('passwords')
  @HttpCode(200)
  @ApiOperation({
    summary: 'One-time passwords for up to 100 accounts (e.g. imported secretaries)',
  })
  @ApiZodBody(issuePasswordsSchema)
  issuePasswords(
    @CurrentPrincipal() principal: Principal,
    @ZodBody(issuePasswordsSchema) body: IssuePasswords,
  ): Promise<OneTimePassword[]> {
    return this.users.issuePasswords(principal, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One person: roles with history, stand-ins, links, sessions' })
  get(@CurrentPrincipal() principal: Principal, @IdParam() id: string): Promise<AdminUserDetail> {
    return this.users.get(principal, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change name, phone or home organisation' })
  @ApiZodBody(updateUserSchema)
  update(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(updateUserSchema) body: UpdateUser,
  ): Promise<AdminUserDetail> {
    return this.users.update(principal, id, body);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate: no more logins, sessions end now, claimed tasks go back' })
  deactivate(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
  ): Promise<AdminUserDetail> {
    return this.users.deactivate(principal, id);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reactivate a deactivated account' })
  reactivate(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
  ): Promise<AdminUserDetail> {
    return this.users.reactivate(principal, id);
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reset the password: a one-time password (shown once), sessions end' })
  resetPassword(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
  ): Promise<OneTimePassword> {
    return this.users.resetPassword(principal, id);
  }

  @Post(':id/roles')
  @ApiOperation({
    summary: 'Grant a role scoped to an organisation subtree (secretary roles move the post)',
  })
  @ApiZodBody(assignRoleSchema)
  assign(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(assignRoleSchema) body: AssignRole,
  ): Promise<AdminUserDetail> {
    return this.roles.assign(principal, id, body);
  }

  @Post(':id/stand-ins')
  @ApiOperation({ summary: 'Set a stand-in (代理) who holds this person’s roles for a period' })
  @ApiZodBody(standInSchema)
  standIn(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(standInSchema) body: StandIn,
  ): Promise<StandInView[]> {
    return this.roles.createStandIn(principal, id, body);
  }
}

@ApiTags('admin: people and roles')
@ApiBearerAuth()
@Controller('admin')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Post('role-assignments/:id/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a role or stand-in now (kept in the history, never deleted)' })
  end(@CurrentPrincipal() principal: Principal, @IdParam() id: string): Promise<AdminUserDetail> {
    return this.roles.end(principal, id);
  }

  @Get('stand-ins')
  @ApiOperation({ summary: 'Stand-ins of my subtree: current and upcoming (all=true: also past)' })
  standIns(
    @CurrentPrincipal() principal: Principal,
    @ZodQuery(standInQuerySchema) query: z.infer<typeof standInQuerySchema>,
  ): Promise<StandInView[]> {
    return this.roles.listStandIns(principal, query.all === 'true');
  }
}
