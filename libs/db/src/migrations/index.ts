import { OrgTreeAndUsers1763683200000 } from './1763683200000-org-tree-and-users.js';
import { Runtime1763683300000 } from './1763683300000-runtime.js';
import { NotificationsEscalations1763683400000 } from './1763683400000-notifications-escalations.js';
import { InboxForms1763683500000 } from './1763683500000-inbox-forms.js';
import { Supervision1763683600000 } from './1763683600000-supervision.js';
import { Administration1763683700000 } from './1763683700000-administration.js';
import { RuntimeWrite1763683900000 } from './1763683900000-runtime-write.js';
import { SupervisionScale1763684000000 } from './1763684000000-supervision-scale.js';
import { RuntimeWriteBatches1763684100000 } from './1763684100000-runtime-write-batches.js';
import { RuntimeWriteCompletions1763684200000 } from './1763684200000-runtime-write-completions.js';
import { RuntimeWriteSets1763684300000 } from './1763684300000-runtime-write-sets.js';
import { TownshipStatistics1763684400000 } from './1763684400000-township-statistics.js';

/** Every migration in order. New ones are generated, reviewed, and appended here. */
export const MIGRATIONS = [
  OrgTreeAndUsers1763683200000,
  Runtime1763683300000,
  NotificationsEscalations1763683400000,
  InboxForms1763683500000,
  Supervision1763683600000,
  Administration1763683700000,
  RuntimeWrite1763683900000,
  SupervisionScale1763684000000,
  RuntimeWriteBatches1763684100000,
  RuntimeWriteCompletions1763684200000,
  RuntimeWriteSets1763684300000,
  TownshipStatistics1763684400000,
];
