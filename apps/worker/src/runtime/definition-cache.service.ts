import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { workflowDefinitionSchema, type WorkflowDefinition } from '@shuping/engine';
import { DataSource, type EntityManager } from 'typeorm';
import { RuntimeErrorCode, RuntimeException } from './runtime.exception.js';

/**
 * Published versions are immutable, so each is parsed once per process and the same object is
 * handed to the engine every time (the engine caches its compiled machine per object).
 */
@Injectable()
export class DefinitionCache {
  private readonly versions = new Map<string, WorkflowDefinition>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(
    versionId: string,
    manager: EntityManager = this.db.manager,
  ): Promise<WorkflowDefinition> {
    const cached = this.versions.get(versionId);
    if (cached) return cached;
    const [row] = await manager.query<{ document: unknown }[]>(
      `SELECT document FROM process_definition_version WHERE id = $1`,
      [versionId],
    );
    if (!row)
      throw new RuntimeException(
        RuntimeErrorCode.DefinitionBroken,
        `No definition version ${versionId}`,
      );
    const parsed = workflowDefinitionSchema.safeParse(row.document);
    if (!parsed.success) {
      throw new RuntimeException(
        RuntimeErrorCode.DefinitionBroken,
        `Definition version ${versionId} is not valid`,
      );
    }
    this.versions.set(versionId, parsed.data);
    return parsed.data;
  }
}
