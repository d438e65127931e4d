import { OrgTreeAndUsers1763683200000 } from './1763683200000-org-tree-and-users.js';
import { Runtime1763683300000 } from './1763683300000-runtime.js';
import { NotificationsEscalations1763683400000 } from './1763683400000-notifications-escalations.js';

/** Every migration in order. New ones are generated, reviewed, and appended here. */
export const MIGRATIONS = [
  OrgTreeAndUsers1763683200000,
  Runtime1763683300000,
  NotificationsEscalations1763683400000,
];
