import { AuthSessionEntity } from './auth-session.entity.js';
import { CampaignEntity } from './campaign.entity.js';
import { AuditLogEntity, InstanceEventEntity, OutboxEntity } from './instance-event.entity.js';
import { OrgUnitEntity } from './org-unit.entity.js';
import {
  ProcessDefinitionEntity,
  ProcessDefinitionVersionEntity,
} from './process-definition.entity.js';
import { ProcessInstanceEntity } from './process-instance.entity.js';
import { RoleAssignmentEntity } from './role-assignment.entity.js';
import { TaskEntity } from './task.entity.js';
import { TimerEntity } from './timer.entity.js';
import { UserEntity } from './user.entity.js';

export * from './auth-session.entity.js';
export * from './campaign.entity.js';
export * from './instance-event.entity.js';
export * from './org-unit.entity.js';
export * from './process-definition.entity.js';
export * from './process-instance.entity.js';
export * from './role-assignment.entity.js';
export * from './task.entity.js';
export * from './timer.entity.js';
export * from './user.entity.js';

/** Every entity, registered explicitly (no globs: the build is ESM). */
export const ENTITIES = [
  OrgUnitEntity,
  UserEntity,
  RoleAssignmentEntity,
  AuthSessionEntity,
  ProcessDefinitionEntity,
  ProcessDefinitionVersionEntity,
  CampaignEntity,
  ProcessInstanceEntity,
  TaskEntity,
  TimerEntity,
  InstanceEventEntity,
  AuditLogEntity,
  OutboxEntity,
];
