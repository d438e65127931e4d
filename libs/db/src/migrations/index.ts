import { OrgTreeAndUsers1763683200000 } from './1763683200000-org-tree-and-users.js';

/** Every migration in order. New ones are generated, reviewed, and appended here. */
export const MIGRATIONS = [OrgTreeAndUsers1763683200000];
