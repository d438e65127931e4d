import { z } from 'zod';

/**
 * Administration (管理): the organisation tree, people and roles, links (联系点), the working
 * calendar, the audit trail and county setup. Shared by the api (validation) and the web app.
 */

type Text = { readonly zh: string; readonly en: string };

export const ADMIN_ORG_KINDS = [
  'county',
  'township',
  'street',
  'village',
  'community',
  'department',
] as const;
export type AdminOrgKind = (typeof ADMIN_ORG_KINDS)[number];

export const orgKindLabels: Readonly<Record<AdminOrgKind, Text>> = {
  county: { zh: '县', en: 'County' },
  township: { zh: '乡镇', en: 'Township' },
  street: { zh: '街道', en: 'Street' },
  village: { zh: '村', en: 'Village' },
  community: { zh: '社区', en: 'Community' },
  department: { zh: '部门', en: 'Department' },
};

/**
 * Which kinds may sit under which. A township or street may sit under another one (after a
 * merger, 撤乡并镇, the former township becomes a district of the new town).
 */
export const CHILD_KINDS: Readonly<Record<AdminOrgKind, readonly AdminOrgKind[]>> = {
  county: ['township', 'street', 'department'],
  township: ['township', 'street', 'village', 'community', 'department'],
  street: ['township', 'street', 'village', 'community', 'department'],
  village: [],
  community: [],
  department: ['department'],
};

/** The secretary role of an organisation kind, if it has one in the product. */
export function secretaryRoleOf(
  kind: AdminOrgKind,
): 'township_secretary' | 'village_secretary' | null {
  if (kind === 'township' || kind === 'street') return 'township_secretary';
  if (kind === 'village' || kind === 'community') return 'village_secretary';
  return null;
}

/** Kind names accepted in import files (Chinese first), mapped to kinds. */
export const ORG_KIND_ALIASES: Readonly<Record<string, AdminOrgKind>> = {
  县: 'county',
  乡镇: 'township',
  乡: 'township',
  镇: 'township',
  街道: 'street',
  村: 'village',
  行政村: 'village',
  社区: 'community',
  部门: 'department',
  单位: 'department',
  county: 'county',
  township: 'township',
  street: 'street',
  village: 'village',
  community: 'community',
  department: 'department',
};

/** Mobile (11 digits, 1[3-9]…) or landline with area code (0xxx-xxxxxxx). */
export const PHONE_PATTERN = /^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
export const ORG_CODE_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
/** Login names: letters, digits and `_ . @ -`, 3–64 characters (a mobile number works). */
export const USERNAME_PATTERN = /^[A-Za-z0-9_.@-]{3,64}$/;
export const LOCAL_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Columns of the organisation import file, in template order. */
export const IMPORT_COLUMNS = [
  { key: 'code', header: '组织编码', required: true },
  { key: 'name', header: '组织名称', required: true },
  { key: 'kind', header: '组织类型', required: true },
  { key: 'parentCode', header: '上级组织编码', required: false },
  { key: 'secretaryName', header: '书记姓名', required: false },
  { key: 'secretaryPhone', header: '书记手机号', required: false },
  { key: 'secretaryUsername', header: '书记登录名', required: false },
] as const;
export type ImportColumnKey = (typeof IMPORT_COLUMNS)[number]['key'];

/** Roles an administrator can assign by hand. */
export const ASSIGNABLE_ROLES = [
  'county_admin',
  'org_department',
  'township_secretary',
  'village_secretary',
  'rater',
  'supervisor',
] as const;
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];
export type AnyRole = AssignableRole | 'province_admin' | 'linked_leader';

export const roleLabels: Readonly<Record<AnyRole, Text>> = {
  province_admin: { zh: '省级管理员', en: 'Provincial administrator' },
  county_admin: { zh: '县级管理员', en: 'County administrator' },
  org_department: { zh: '县委组织部', en: 'Organisation department' },
  township_secretary: { zh: '乡镇（街道）党委书记', en: 'Township secretary' },
  village_secretary: { zh: '村（社区）党组织书记', en: 'Village secretary' },
  rater: { zh: '评议人', en: 'Rater' },
  supervisor: { zh: '督查员', en: 'Supervisor' },
  linked_leader: { zh: '联系领导', en: 'Linked leader' },
};

/** Rater groups the built-in templates use (any identifier is accepted). */
export const raterGroupLabels: Readonly<Record<string, Text>> = {
  partyMembers: { zh: '党员代表', en: 'Party-member representatives' },
  massesReps: { zh: '群众代表', en: 'Masses representatives' },
  townshipCadres: { zh: '乡镇干部', en: 'Township cadres' },
  townCadres: { zh: '镇干部', en: 'Town cadres' },
  villageSecretaries: { zh: '村党组织书记', en: 'Village secretaries' },
  departments: { zh: '县直部门', en: 'County departments' },
  npcDeputies: { zh: '人大代表', en: 'NPC deputies' },
  cppccMembers: { zh: '政协委员', en: 'CPPCC members' },
  countyCommittee: { zh: '县委常委', en: 'County standing committee' },
  panel: { zh: '评议组', en: 'Panel' },
  citizens: { zh: '群众', en: 'Citizens' },
};

export const linkKindLabels: Readonly<Record<'county_leader' | 'township_cadre', Text>> = {
  county_leader: { zh: '县级领导联系乡镇', en: 'County leader linked to a township' },
  township_cadre: { zh: '乡镇干部联系村', en: 'Township cadre linked to a village' },
};

const trimmed = (max: number) => z.string().trim().min(1).max(max);
const localDate = z.string().regex(LOCAL_DATE_PATTERN, 'YYYY-MM-DD');
const phone = z.string().trim().regex(PHONE_PATTERN, 'not a phone number');

// ---- Organisations ----

export const createOrgSchema = z.strictObject({
  parentId: z.uuid(),
  kind: z.enum(ADMIN_ORG_KINDS),
  code: z.string().trim().regex(ORG_CODE_PATTERN),
  name: trimmed(128),
});
export type CreateOrg = z.infer<typeof createOrgSchema>;

export const updateOrgSchema = z
  .strictObject({
    code: z.string().trim().regex(ORG_CODE_PATTERN).optional(),
    name: trimmed(128).optional(),
  })
  .refine((v) => v.code !== undefined || v.name !== undefined, 'nothing to change');
export type UpdateOrg = z.infer<typeof updateOrgSchema>;

export const moveOrgSchema = z.strictObject({ parentId: z.uuid() });
export type MoveOrg = z.infer<typeof moveOrgSchema>;

/**
 * An import file sent as JSON: its name (decides xlsx or csv) and its bytes in base64. The JSON
 * body limit (BODY_LIMIT_BYTES, 1 MiB by default) allows files up to about 750 KB: an xlsx of
 * 10,000 organisations with their secretaries.
 */
export const importFileSchema = z.strictObject({
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/\.(xlsx|csv)$/i, 'the file must be .xlsx or .csv'),
  contentBase64: z.string().min(4).max(16_000_000),
});
export type ImportFile = z.infer<typeof importFileSchema>;

export const setSecretarySchema = z.strictObject({
  userId: z.uuid(),
  note: z.string().trim().max(200).optional(),
});
export type SetSecretary = z.infer<typeof setSecretarySchema>;

export interface AdminOrg {
  id: string;
  parentId: string | null;
  kind: AdminOrgKind;
  code: string;
  name: string;
  depth: number;
  path: string;
  status: 'active' | 'closed';
  /** Current secretaries' display names (non-stand-in). */
  secretaries: string[];
  /** Current linked leaders' display names. */
  linkedLeaders: string[];
}

export interface RoleHolder {
  assignmentId: string;
  userId: string;
  username: string;
  displayName: string;
  role: AnyRole;
  raterGroup: string | null;
  validFrom: string | null;
  validTo: string | null;
  current: boolean;
  standInFor: { userId: string; displayName: string } | null;
}

export interface OrgLinkView {
  id: string;
  orgUnitId: string;
  orgName: string;
  userId: string;
  displayName: string;
  kind: 'county_leader' | 'township_cadre';
  title: string | null;
  validFrom: string;
  validTo: string | null;
}

export interface AdminOrgDetail extends AdminOrg {
  ancestors: { id: string; name: string; kind: AdminOrgKind }[];
  childCount: number;
  activeInstances: number;
  /** Everyone who holds or held a role exactly at this organisation, newest first. */
  roleHolders: RoleHolder[];
  links: OrgLinkView[];
}

export interface ImportRowError {
  /** Row number as the spreadsheet shows it (the header is row 1). */
  row: number;
  column: string | null;
  code: string;
  message: string;
}

export interface ImportPreviewRow {
  row: number;
  code: string;
  name: string;
  kind: AdminOrgKind | null;
  kindText: string;
  parentCode: string | null;
  /** Depth below the county once placed (null when it cannot be placed). */
  depth: number | null;
  secretaryName: string | null;
  secretaryPhone: string | null;
  secretaryUsername: string | null;
}

export interface ImportPreview {
  fileName: string;
  valid: boolean;
  rows: ImportPreviewRow[];
  errors: ImportRowError[];
  counts: {
    organisations: number;
    secretaries: number;
    byKind: Partial<Record<AdminOrgKind, number>>;
  };
}

export interface ImportResult {
  organisations: number;
  secretaries: number;
  /** Accounts created for the secretaries: no password yet (issue one-time passwords). */
  createdUserIds: string[];
}

// ---- People and roles ----

const roleSpec = z.strictObject({
  role: z.enum(ASSIGNABLE_ROLES),
  orgUnitId: z.uuid(),
  raterGroup: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/)
    .optional(),
});

export const createUserSchema = z.strictObject({
  username: z.string().trim().regex(USERNAME_PATTERN),
  displayName: trimmed(64),
  phone: phone.optional(),
  orgUnitId: z.uuid(),
  roles: z.array(roleSpec).max(20).default([]),
});
export type CreateUser = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .strictObject({
    displayName: trimmed(64).optional(),
    phone: phone.nullable().optional(),
    orgUnitId: z.uuid().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type UpdateUser = z.infer<typeof updateUserSchema>;

export const assignRoleSchema = roleSpec.extend({
  validFrom: localDate.optional(),
  validTo: localDate.optional(),
  note: z.string().trim().max(200).optional(),
});
export type AssignRole = z.infer<typeof assignRoleSchema>;

export const standInSchema = z.strictObject({
  standInUserId: z.uuid(),
  /** First and last day of the absence (China-local dates, inclusive). */
  from: localDate,
  to: localDate,
  /** Which of the absent person's current roles to hand over (default: all). */
  assignmentIds: z.array(z.uuid()).min(1).max(20).optional(),
  reason: z.string().trim().max(200).optional(),
});
export type StandIn = z.infer<typeof standInSchema>;

export const issuePasswordsSchema = z.strictObject({
  userIds: z.array(z.uuid()).min(1).max(100),
});
export type IssuePasswords = z.infer<typeof issuePasswordsSchema>;

export const userQuerySchema = z.strictObject({
  q: z.string().trim().max(64).optional(),
  orgUnitId: z.uuid().optional(),
  role: z.enum([...ASSIGNABLE_ROLES, 'linked_leader']).optional(),
  active: z.enum(['true', 'false']).optional(),
  noPassword: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type UserQuery = z.infer<typeof userQuerySchema>;

export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  phone: string | null;
  orgUnitId: string | null;
  orgName: string | null;
  active: boolean;
  /** False for imported accounts that have no password yet. */
  hasPassword: boolean;
  mustChangePassword: boolean;
  /** Current roles, e.g. "村（社区）党组织书记 · 东关村". */
  roles: {
    assignmentId: string;
    role: AnyRole;
    orgUnitId: string | null;
    orgName: string | null;
    raterGroup: string | null;
    standIn: boolean;
  }[];
  createdAt: string;
}

export interface AdminUserDetail extends AdminUser {
  /** All role assignments, current and past, newest first. */
  assignments: (RoleHolder & {
    orgUnitId: string | null;
    orgName: string | null;
    note: string | null;
  })[];
  /** Stand-ins covering this person's roles, and roles this person holds for others. */
  standIns: StandInView[];
  links: OrgLinkView[];
  activeSessions: number;
}

export interface StandInView {
  assignmentId: string;
  role: AnyRole;
  orgName: string | null;
  absentUserId: string;
  absentName: string;
  standInUserId: string;
  standInName: string;
  validFrom: string;
  validTo: string;
  current: boolean;
  note: string | null;
}

export interface OneTimePassword {
  userId: string;
  username: string;
  displayName: string;
  oneTimePassword: string;
}

export interface UserPage {
  total: number;
  items: AdminUser[];
}

// ---- Links ----

export const createLinkSchema = z.strictObject({
  orgUnitId: z.uuid(),
  userId: z.uuid(),
  title: z.string().trim().max(64).optional(),
});
export type CreateLink = z.infer<typeof createLinkSchema>;

// ---- Calendar ----

export const calendarQuerySchema = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100),
});
export const calendarDaySchema = z.strictObject({
  kind: z.enum(['holiday', 'workday']),
  note: z.string().trim().max(200).optional(),
});
export type CalendarDayInput = z.infer<typeof calendarDaySchema>;

export interface CalendarOverrideView {
  date: string;
  kind: 'holiday' | 'workday';
  note: string | null;
  createdBy: string | null;
  createdAt: string;
}

export interface CalendarYear {
  year: number;
  /** Weekdays the national calendar (chinese-days) has off: public holidays. */
  nationalHolidays: string[];
  /** Weekend days the national calendar works: make-up working days (调休). */
  nationalWorkdays: string[];
  overrides: CalendarOverrideView[];
  /** How many days of the year are working days for this county. */
  workingDays: number;
}

// ---- Audit ----

export const auditQuerySchema = z.strictObject({
  source: z.enum(['all', 'admin', 'process']).default('all'),
  actor: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  targetType: z.string().trim().max(64).optional(),
  targetId: z.string().trim().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditExportQuerySchema = auditQuerySchema
  .omit({ limit: true, offset: true })
  .extend({ format: z.enum(['csv', 'xlsx']).default('csv') });
export type AuditExportQuery = z.infer<typeof auditExportQuerySchema>;

export interface AuditEntryView {
  /** `a:<id>` for admin actions, `e:<id>` for process state changes. */
  id: string;
  source: 'admin' | 'process';
  at: string;
  actorUserId: string | null;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  detail: unknown;
}

export interface AuditPage {
  items: AuditEntryView[];
  /** True when more entries match beyond this page. */
  more: boolean;
}

// ---- Counties (provincial administrators) and accounts ----

export const createCountySchema = z.strictObject({
  code: z.string().trim().regex(ORG_CODE_PATTERN),
  name: trimmed(128),
  admin: z.strictObject({
    username: z.string().trim().regex(USERNAME_PATTERN),
    displayName: trimmed(64),
    phone: phone.optional(),
  }),
});
export type CreateCounty = z.infer<typeof createCountySchema>;

export const inviteAdminSchema = createCountySchema.shape.admin;
export type InviteAdmin = z.infer<typeof inviteAdminSchema>;

export interface CountyView {
  id: string;
  code: string;
  name: string;
  organisations: number;
  users: number;
  admins: { userId: string; username: string; displayName: string; mustChangePassword: boolean }[];
  createdAt: string;
}

export interface CountyCreated {
  county: { id: string; code: string; name: string };
  admin: OneTimePassword;
}

/** New passwords: at least 8 characters with a letter and a digit. */
export const newPasswordSchema = z
  .string()
  .min(8, 'at least 8 characters')
  .max(200)
  .regex(/[A-Za-z]/, 'needs a letter')
  .regex(/\d/, 'needs a digit');

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: newPasswordSchema,
});
export type ChangePassword = z.infer<typeof changePasswordSchema>;

export interface AccountStatus {
  userId: string;
  username: string;
  displayName: string;
  mustChangePassword: boolean;
}
