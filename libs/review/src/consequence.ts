import type { Explanation } from './explanation.js';

/**
 * Workflow instances a consequence asks the engine to open. The review library decides, the
 * engine acts: a consequence never executes anything itself.
 */
export type InstanceKind = 'talk' | 'rectification' | 'accountability' | 'pairing';

/**
 * Sanctions by severity (Peng'an: 书面检查、公开道歉、通报批评、诫勉警告、调离岗位、免除职务),
 * lightest first.
 */
export const SANCTIONS = [
  'written-self-examination',
  'public-apology',
  'circulated-criticism',
  'admonishment',
  'transfer',
  'removal',
] as const;
export type Sanction = (typeof SANCTIONS)[number];

/** Chinese names of the sanctions. */
export const SANCTION_LABELS: Readonly<Record<Sanction, string>> = {
  'written-self-examination': '书面检查',
  'public-apology': '公开道歉',
  'circulated-criticism': '通报批评',
  admonishment: '诫勉警告',
  transfer: '调离岗位',
  removal: '免除职务',
};

interface ConsequenceBase {
  readonly orgId: string;
  /** Instances the engine should open for this consequence (empty: a record only). */
  readonly opens: readonly InstanceKind[];
  /** Which rule, which numbers. */
  readonly explanation: Explanation;
}

/** 好 → the annual assessment may be 优秀. */
export interface EligibleForExcellent extends ConsequenceBase {
  readonly kind: 'eligible-for-excellent';
}

/** 一般 / 差 (or a committee finding) → a formal talk (约谈) and rectification by a deadline. */
export interface TalkAndRectification extends ConsequenceBase {
  readonly kind: 'talk-and-rectification';
  /** Days from the talk to the rectification deadline. */
  readonly deadlineDays: number;
}

/** Severe cases → accountability (问责) under the stated basis. */
export interface Accountability extends ConsequenceBase {
  readonly kind: 'accountability';
  /** The proposed sanction, or `null` when the committee still has to decide it. */
  readonly sanction: Sanction | null;
  /** The regulation applied, e.g. 《中国共产党问责条例》. */
  readonly basis: string;
}

/** Bottom N in N consecutive rounds → listed as weak and lax (软弱涣散), concentrated rectification. */
export interface WeakAndLaxListing extends ConsequenceBase {
  readonly kind: 'weak-and-lax-listing';
  readonly scopeId: string;
  /** The consecutive rounds that led to the listing, oldest first. */
  readonly roundIds: readonly string[];
}

/** A lagging organisation (后进村) paired with a county department until it is cleared. */
export interface LaggingPairing extends ConsequenceBase {
  readonly kind: 'lagging-pairing';
  readonly year: number;
  readonly sinceYear: number;
  /** `null` when no department was assigned yet. */
  readonly departmentId: string | null;
  /** `new`: paired this year; `continuing`: still paired from an earlier year (not cleared). */
  readonly status: 'new' | 'continuing';
}

/** A lagging organisation verified as fixed: the pairing ends (销号). */
export interface LaggingCleared extends ConsequenceBase {
  readonly kind: 'lagging-cleared';
  readonly year: number;
  readonly sinceYear: number;
  readonly departmentId: string | null;
}

/** Everything a result can lead to. */
export type Consequence =
  | EligibleForExcellent
  | TalkAndRectification
  | Accountability
  | WeakAndLaxListing
  | LaggingPairing
  | LaggingCleared;

/** Chinese names of the consequence kinds, for tables and notices. */
export const CONSEQUENCE_LABELS: Readonly<Record<Consequence['kind'], string>> = {
  'eligible-for-excellent': '可评为优秀',
  'talk-and-rectification': '约谈、限期整改',
  accountability: '问责',
  'weak-and-lax-listing': '列入软弱涣散党组织、集中整顿',
  'lagging-pairing': '后进村结对帮包',
  'lagging-cleared': '后进村销号',
};

/** A one-line Chinese label of a consequence (with its deadline, sanction or department). */
export function consequenceLabel(consequence: Consequence): string {
  const base = CONSEQUENCE_LABELS[consequence.kind];
  switch (consequence.kind) {
    case 'talk-and-rectification':
      return `${base}(${consequence.deadlineDays}天)`;
    case 'accountability':
      return consequence.sanction === null
        ? base
        : `${base}(${SANCTION_LABELS[consequence.sanction]})`;
    case 'lagging-pairing':
      return consequence.departmentId === null ? base : `${base}(${consequence.departmentId})`;
    case 'eligible-for-excellent':
    case 'weak-and-lax-listing':
    case 'lagging-cleared':
      return base;
  }
}
