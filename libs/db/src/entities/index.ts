import { OrgUnitEntity } from './org-unit.entity.js';
import { UserEntity } from './user.entity.js';

export * from './org-unit.entity.js';
export * from './user.entity.js';

/** Every entity, registered explicitly (no globs: the build is ESM). */
export const ENTITIES = [OrgUnitEntity, UserEntity];
