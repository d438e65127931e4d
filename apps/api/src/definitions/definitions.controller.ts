import { Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ValidationIssue } from '@shuping/engine';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { IdParam } from '../common/validation/uuid.pipe.js';
import { ApiZodBody, ZodBody } from '../common/validation/zod.pipe.js';
import {
  DefinitionsService,
  type DefinitionDetail,
  type DefinitionSummary,
  type VersionSummary,
} from './definitions.service.js';

/** A definition document; its structure is checked by the engine's validator, not here. */
const documentSchema = z.strictObject({ document: z.record(z.string(), z.unknown()) });
type DocumentBody = z.infer<typeof documentSchema>;

@ApiTags('process-definitions')
@ApiBearerAuth()
@Controller('process-definitions')
export class DefinitionsController {
  constructor(private readonly definitions: DefinitionsService) {}

  @Get()
  @ApiOperation({ summary: "The county's process definitions" })
  list(@CurrentPrincipal() principal: Principal): Promise<DefinitionSummary[]> {
    return this.definitions.list(principal);
  }

  @Post()
  @ApiOperation({ summary: 'Create a definition from a document (draft; may still have problems)' })
  @ApiZodBody(documentSchema)
  create(
    @CurrentPrincipal() principal: Principal,
    @ZodBody(documentSchema) body: DocumentBody,
  ): Promise<DefinitionDetail> {
    return this.definitions.create(principal, body.document);
  }

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check a document with the engine validator: the list of problems (empty when valid)',
  })
  @ApiZodBody(documentSchema)
  validate(@ZodBody(documentSchema) body: DocumentBody): {
    valid: boolean;
    issues: ValidationIssue[];
  } {
    const issues = this.definitions.validate(body.document);
    return { valid: issues.length === 0, issues };
  }

  @Get(':id')
  @ApiOperation({ summary: 'The draft and its current problems' })
  get(@CurrentPrincipal() principal: Principal, @IdParam() id: string): Promise<DefinitionDetail> {
    return this.definitions.get(principal, id);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Save the draft' })
  @ApiZodBody(documentSchema)
  save(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(documentSchema) body: DocumentBody,
  ): Promise<DefinitionDetail> {
    return this.definitions.saveDraft(principal, id, body.document);
  }

  @Post(':id/publish')
  @ApiOperation({
    summary: 'Publish the draft as an immutable version (refused while it has problems)',
  })
  publish(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
  ): Promise<VersionSummary> {
    return this.definitions.publish(principal, id);
  }

  @Get(':id/versions')
  @ApiOperation({ summary: 'Published versions, newest first' })
  versions(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
  ): Promise<VersionSummary[]> {
    return this.definitions.versions(principal, id);
  }

  @Get(':id/versions/:version')
  @ApiOperation({ summary: 'One published version with its document' })
  version(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @Param('version', ParseIntPipe) version: number,
  ): Promise<VersionSummary & { document: unknown }> {
    return this.definitions.version(principal, id, version);
  }
}
