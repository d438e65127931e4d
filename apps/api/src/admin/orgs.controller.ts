import { Controller, Get, HttpCode, Patch, Post, type StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  createOrgSchema,
  importFileSchema,
  moveOrgSchema,
  setSecretarySchema,
  updateOrgSchema,
  type AdminOrg,
  type AdminOrgDetail,
  type CreateOrg,
  type ImportFile,
  type ImportPreview,
  type ImportResult,
  type MoveOrg,
  type SetSecretary,
  type UpdateOrg,
} from '@shuping/contracts';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { IdParam } from '../common/validation/uuid.pipe.js';
import { ApiZodBody, ZodBody, ZodQuery } from '../common/validation/zod.pipe.js';
import { download } from './download.util.js';
import { OrgImportService } from './org-import.service.js';
import { OrgsService } from './orgs.service.js';
import { RolesService } from './roles.service.js';

const templateQuerySchema = z.strictObject({ format: z.enum(['xlsx', 'csv']).default('xlsx') });

@ApiTags('admin: organisations')
@ApiBearerAuth()
@Controller('admin/orgs')
export class OrgsController {
  constructor(
    private readonly orgs: OrgsService,
    private readonly roles: RolesService,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'The organisation tree I administer (flat, parents first), with secretaries and linked leaders',
  })
  list(@CurrentPrincipal() principal: Principal): Promise<AdminOrg[]> {
    return this.orgs.list(principal);
  }

  @Post()
  @ApiOperation({ summary: 'Add an organisation under a parent' })
  @ApiZodBody(createOrgSchema)
  create(
    @CurrentPrincipal() principal: Principal,
    @ZodBody(createOrgSchema) body: CreateOrg,
  ): Promise<AdminOrgDetail> {
    return this.orgs.create(principal, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One organisation: ancestors, role holders (with history), links' })
  get(@CurrentPrincipal() principal: Principal, @IdParam() id: string): Promise<AdminOrgDetail> {
    return this.orgs.get(principal, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename an organisation or change its code' })
  @ApiZodBody(updateOrgSchema)
  update(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(updateOrgSchema) body: UpdateOrg,
  ): Promise<AdminOrgDetail> {
    return this.orgs.update(principal, id, body);
  }

  @Post(':id/move')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move an organisation and its whole subtree under another parent' })
  @ApiZodBody(moveOrgSchema)
  move(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(moveOrgSchema) body: MoveOrg,
  ): Promise<AdminOrgDetail> {
    return this.orgs.move(principal, id, body);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Close (撤销) an organisation with no active subordinates or processes',
  })
  close(@CurrentPrincipal() principal: Principal, @IdParam() id: string): Promise<AdminOrgDetail> {
    return this.orgs.close(principal, id);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a closed organisation' })
  reopen(@CurrentPrincipal() principal: Principal, @IdParam() id: string): Promise<AdminOrgDetail> {
    return this.orgs.reopen(principal, id);
  }

  @Post(':id/secretary')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Appoint the secretary: the post moves from the previous holder, history stays',
  })
  @ApiZodBody(setSecretarySchema)
  appointSecretary(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(setSecretarySchema) body: SetSecretary,
  ): Promise<AdminOrgDetail> {
    return this.roles.appointSecretary(principal, id, body);
  }
}

@ApiTags('admin: organisations')
@ApiBearerAuth()
@Controller('admin/org-import')
export class OrgImportController {
  constructor(private readonly imports: OrgImportService) {}

  @Get('template')
  @ApiOperation({ summary: 'The import template (xlsx with examples and rules, or csv)' })
  async template(
    @ZodQuery(templateQuerySchema) query: z.infer<typeof templateQuerySchema>,
  ): Promise<StreamableFile> {
    return download(await this.imports.template(query.format));
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Check an import file (base64 xlsx/csv): rows, every row error, counts; writes nothing',
  })
  @ApiZodBody(importFileSchema)
  preview(
    @CurrentPrincipal() principal: Principal,
    @ZodBody(importFileSchema) body: ImportFile,
  ): Promise<ImportPreview> {
    return this.imports.preview(principal, body);
  }

  @Post()
  @ApiOperation({
    summary:
      'Import a file: all of it in one transaction, or nothing (400 IMPORT_INVALID lists every row error)',
  })
  @ApiZodBody(importFileSchema)
  run(
    @CurrentPrincipal() principal: Principal,
    @ZodBody(importFileSchema) body: ImportFile,
  ): Promise<ImportResult> {
    return this.imports.run(principal, body);
  }
}
