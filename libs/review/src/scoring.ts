import { z } from 'zod';
import { type Explanation, explain } from './explanation.js';
import { formatNumber, formatSigned, roundScore, sum } from './numbers.util.js';
import type { RedBlackYear } from './red-black-records.js';
import { parseConfig, requireInput } from './review.exception.js';

/** A weighted target item (目标项): its weight is the points earned at 100% completion. */
export interface TargetItem {
  readonly id: string;
  readonly name: string;
  /** Points at full completion; the weights of a scheme add up to 100. */
  readonly weight: number;
}

/** A counted item: a bonus (加分项, no cap) or a penalty (扣分项, no floor). */
export interface CountedItem {
  readonly id: string;
  readonly name: string;
  /** Points per unit (e.g. per project signed, per criticism). */
  readonly pointsPerUnit: number;
}

/**
 * A constraint item (约束项, e.g. 平安建设, 安全生产, 信访稳定): deducts points per unit without a
 * floor and, at `vetoAtUnits` units or on an explicit decision, vetoes the whole result (一票否决).
 */
export interface ConstraintItem extends CountedItem {
  /** Units at or above which the veto applies automatically; absent: only by explicit decision. */
  readonly vetoAtUnits?: number;
}

/** A 100-point scoring scheme of a process (Shenqiu's 四制 目标制 and 考评制). */
export interface ScoringScheme {
  readonly id: string;
  readonly targets: readonly TargetItem[];
  readonly bonuses: readonly CountedItem[];
  readonly penalties: readonly CountedItem[];
  readonly constraints: readonly ConstraintItem[];
}

const itemBase = { id: z.string().min(1), name: z.string().min(1) };
const countedItemSchema = z.object({ ...itemBase, pointsPerUnit: z.number().positive().finite() });

/** Validates a scoring scheme: unique item ids, target weights adding up to 100. */
export const scoringSchemeSchema: z.ZodType<ScoringScheme> = z
  .object({
    id: z.string().min(1),
    targets: z.array(z.object({ ...itemBase, weight: z.number().positive().finite() })).min(1),
    bonuses: z.array(countedItemSchema),
    penalties: z.array(countedItemSchema),
    constraints: z.array(
      countedItemSchema.extend({ vetoAtUnits: z.number().positive().finite().optional() }),
    ),
  })
  .superRefine((scheme, ctx) => {
    const ids = [scheme.targets, scheme.bonuses, scheme.penalties, scheme.constraints].flatMap(
      (items) => items.map((item) => item.id),
    );
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({ code: 'custom', message: 'item ids must be unique across the scheme' });
    }
    const total = sum(scheme.targets.map((item) => item.weight));
    if (Math.abs(total - 100) > 1e-9) {
      ctx.addIssue({
        code: 'custom',
        path: ['targets'],
        message: `target weights must add up to 100, not ${total}`,
      });
    }
  });

/** Parses and validates a scoring scheme; throws `REVIEW_INVALID_CONFIG` listing all issues. */
export function parseScoringScheme(value: unknown): ScoringScheme {
  return parseConfig(scoringSchemeSchema, value, 'scoring scheme');
}

/** What happened on a constraint item for one organisation. */
export interface ConstraintEntry {
  /** Units of deduction (incidents, cases); 0 when none. */
  readonly units: number;
  /** An explicit one-vote veto decided by the committee (e.g. a major accident). */
  readonly veto?: boolean;
  /** Why the veto was decided; shown in the explanation. */
  readonly reason?: string;
}

/** One organisation's year of data for a {@link ScoringScheme}. */
export interface ScoreSheet {
  readonly orgId: string;
  /** Completion per target item id, in percent (0–100; above 100 is capped at 100). */
  readonly targets: Readonly<Record<string, number>>;
  /** Units per bonus item id. */
  readonly bonuses?: Readonly<Record<string, number>>;
  /** Units per penalty item id. */
  readonly penalties?: Readonly<Record<string, number>>;
  readonly constraints?: Readonly<Record<string, ConstraintEntry>>;
  /** The year's red/black records from `summariseRedBlack`. */
  readonly redBlack?: RedBlackYear;
}

/** A scored line of the breakdown. */
export interface ScoredItem {
  readonly id: string;
  readonly name: string;
  /** Completion percent (targets, after capping) or units (other items). */
  readonly input: number;
  /** Signed points this line contributes. */
  readonly points: number;
}

/** A veto that struck an organisation's result. */
export interface Veto {
  readonly itemId: string;
  readonly itemName: string;
  readonly reason: string;
}

/** The score of one organisation under a scheme. */
export interface ScoreResult {
  readonly orgId: string;
  readonly schemeId: string;
  /**
   * Targets + bonuses + red/black − penalties − constraint deductions, rounded to 0.01. It can
   * exceed 100 (bonuses have no cap) and fall below 0 (deductions have no floor). A vetoed
   * result keeps its score for transparency; the veto decides ranking, class and eligibility.
   */
  readonly score: number;
  readonly vetoed: boolean;
  readonly vetoes: readonly Veto[];
  readonly breakdown: {
    readonly targets: readonly ScoredItem[];
    readonly bonuses: readonly ScoredItem[];
    readonly penalties: readonly ScoredItem[];
    readonly constraints: readonly ScoredItem[];
    readonly targetPoints: number;
    readonly bonusPoints: number;
    /** Deducted points as a negative number. */
    readonly penaltyPoints: number;
    /** Deducted points as a negative number. */
    readonly constraintPoints: number;
    readonly redBlackPoints: number;
  };
  readonly explanation: Explanation;
}

function unitsOf(
  record: Readonly<Record<string, number>> | undefined,
  id: string,
  what: string,
  orgId: string,
): number {
  const units = record?.[id] ?? 0;
  requireInput(
    Number.isFinite(units) && units >= 0,
    `${what} "${id}" of ${orgId} must be a non-negative number, not ${units}`,
  );
  return units;
}

function checkKnown(
  record: Readonly<Record<string, unknown>> | undefined,
  items: readonly { id: string }[],
  what: string,
  orgId: string,
): void {
  const known = new Set(items.map((item) => item.id));
  for (const id of Object.keys(record ?? {})) {
    requireInput(known.has(id), `${what} "${id}" of ${orgId} is not in the scheme`);
  }
}

function itemsText(
  items: readonly ScoredItem[],
  unitZh: string,
  unitEn: string,
): { zh: string; en: string } {
  return {
    zh: items
      .map((i) => `${i.name}${formatNumber(i.input)}${unitZh}${formatSigned(i.points)}`)
      .join('、'),
    en: items
      .map((i) => `${i.name} ${formatNumber(i.input)}${unitEn} ${formatSigned(i.points)}`)
      .join(', '),
  };
}

/**
 * Scores one organisation: Σ weight × completion (completion capped at 100%) + Σ bonus units ×
 * points (no cap) + red/black year total − Σ penalty units × points − Σ constraint units ×
 * points (no floor), rounded to 0.01. A constraint item vetoes the result (一票否决) when its
 * units reach `vetoAtUnits` or the sheet marks `veto: true`.
 *
 * @throws ReviewRuleError on an invalid scheme, a missing target, an unknown item or a negative
 *   input.
 */
export function scoreOrganisation(scheme: ScoringScheme, sheet: ScoreSheet): ScoreResult {
  const checked = parseScoringScheme(scheme);
  const orgId = sheet.orgId;
  checkKnown(sheet.targets, checked.targets, 'target item', orgId);
  checkKnown(sheet.bonuses, checked.bonuses, 'bonus item', orgId);
  checkKnown(sheet.penalties, checked.penalties, 'penalty item', orgId);
  checkKnown(sheet.constraints, checked.constraints, 'constraint item', orgId);
  requireInput(
    sheet.redBlack === undefined || sheet.redBlack.orgId === orgId,
    `red/black records of ${sheet.redBlack?.orgId} given to ${orgId}`,
  );

  const capped: string[] = [];
  const targets = checked.targets.map((item): ScoredItem => {
    const completion = sheet.targets[item.id];
    requireInput(completion !== undefined, `target item "${item.id}" of ${orgId} is not scored`);
    requireInput(
      Number.isFinite(completion) && completion >= 0,
      `completion of "${item.id}" of ${orgId} must be a non-negative percentage, not ${completion}`,
    );
    if (completion > 100) {
      capped.push(item.name);
    }
    const input = Math.min(completion, 100);
    return { id: item.id, name: item.name, input, points: roundScore((item.weight * input) / 100) };
  });
  const bonuses = checked.bonuses.map((item): ScoredItem => {
    const units = unitsOf(sheet.bonuses, item.id, 'bonus item', orgId);
    return {
      id: item.id,
      name: item.name,
      input: units,
      points: roundScore(units * item.pointsPerUnit),
    };
  });
  const penalties = checked.penalties.map((item): ScoredItem => {
    const units = unitsOf(sheet.penalties, item.id, 'penalty item', orgId);
    return {
      id: item.id,
      name: item.name,
      input: units,
      points: roundScore(-units * item.pointsPerUnit),
    };
  });
  const vetoes: Veto[] = [];
  const constraints = checked.constraints.map((item): ScoredItem => {
    const entry = sheet.constraints?.[item.id];
    const units = entry?.units ?? 0;
    requireInput(
      Number.isFinite(units) && units >= 0,
      `constraint item "${item.id}" of ${orgId} must be a non-negative number, not ${units}`,
    );
    if (entry?.veto === true) {
      vetoes.push({
        itemId: item.id,
        itemName: item.name,
        reason: entry.reason ?? '党委决定一票否决',
      });
    } else if (item.vetoAtUnits !== undefined && units >= item.vetoAtUnits) {
      vetoes.push({
        itemId: item.id,
        itemName: item.name,
        reason: `${formatNumber(units)}起(否决线${formatNumber(item.vetoAtUnits)}起)`,
      });
    }
    return {
      id: item.id,
      name: item.name,
      input: units,
      points: roundScore(-units * item.pointsPerUnit),
    };
  });

  const total = (items: readonly ScoredItem[]): number =>
    roundScore(sum(items.map((i) => i.points)));
  const targetPoints = total(targets);
  const bonusPoints = total(bonuses);
  const penaltyPoints = total(penalties);
  const constraintPoints = total(constraints);
  const redBlackPoints = sheet.redBlack?.total ?? 0;
  const score = roundScore(
    targetPoints + bonusPoints + penaltyPoints + constraintPoints + redBlackPoints,
  );

  const targetText = itemsText(targets, '%', '%');
  const because: Explanation[] = [
    explain(
      'scoring.target-items',
      { targets: checked.targets.map((t) => ({ ...t })), completionPercent: { ...sheet.targets } },
      { items: targets.map((t) => ({ ...t })), targetPoints, capped },
      {
        zh: `目标项(权重合计100):${targetText.zh};小计${formatNumber(targetPoints)}分${capped.length > 0 ? `(${capped.join('、')}完成率超过100%,按100%计)` : ''}。`,
        en: `Target items (weights total 100): ${targetText.en}; subtotal ${formatNumber(targetPoints)}${capped.length > 0 ? ` (${capped.join(', ')} above 100% counted as 100%)` : ''}.`,
      },
    ),
  ];
  if (bonuses.length > 0) {
    const text = itemsText(bonuses, '项', ' unit(s)');
    because.push(
      explain(
        'scoring.bonus-items',
        { bonuses: checked.bonuses.map((b) => ({ ...b })) },
        { items: bonuses.map((b) => ({ ...b })), bonusPoints },
        {
          zh: `加分项(不设上限):${text.zh};合计${formatSigned(bonusPoints)}分。`,
          en: `Bonus items (no cap): ${text.en}; total ${formatSigned(bonusPoints)}.`,
        },
      ),
    );
  }
  if (penalties.length > 0) {
    const text = itemsText(penalties, '项', ' unit(s)');
    because.push(
      explain(
        'scoring.penalty-items',
        { penalties: checked.penalties.map((p) => ({ ...p })) },
        { items: penalties.map((p) => ({ ...p })), penaltyPoints },
        {
          zh: `扣分项(不设扣分底限):${text.zh};合计${formatSigned(penaltyPoints)}分。`,
          en: `Penalty items (no floor): ${text.en}; total ${formatSigned(penaltyPoints)}.`,
        },
      ),
    );
  }
  if (constraints.length > 0) {
    const text = itemsText(constraints, '起', ' case(s)');
    because.push(
      explain(
        'scoring.constraint-items',
        { constraints: checked.constraints.map((c) => ({ ...c })) },
        { items: constraints.map((c) => ({ ...c })), constraintPoints },
        {
          zh: `约束项(不设扣分底限,直至一票否决):${text.zh};合计${formatSigned(constraintPoints)}分。`,
          en: `Constraint items (no floor, up to a one-vote veto): ${text.en}; total ${formatSigned(constraintPoints)}.`,
        },
      ),
    );
  }
  if (sheet.redBlack !== undefined) {
    because.push(sheet.redBlack.explanation);
  }
  if (vetoes.length > 0) {
    because.push(
      explain(
        'scoring.veto',
        { vetoes: vetoes.map((v) => ({ ...v })) },
        { vetoed: true, score },
        {
          zh: `约束项一票否决:${vetoes.map((v) => `${v.itemName}(${v.reason})`).join('、')};得分${formatNumber(score)}分保留备查,但排名列后、不得评先评优。`,
          en: `One-vote veto on constraint items: ${vetoes.map((v) => `${v.itemName} (${v.reason})`).join(', ')}; the score ${formatNumber(score)} is kept for the record but the organisation ranks last and cannot be commended.`,
        },
      ),
    );
  }
  const parts = [
    `目标${formatNumber(targetPoints)}`,
    `加分${formatSigned(bonusPoints)}`,
    `红黑档案${formatSigned(redBlackPoints)}`,
    `扣分${formatSigned(penaltyPoints)}`,
    `约束项${formatSigned(constraintPoints)}`,
  ];
  const partsEn = [
    `targets ${formatNumber(targetPoints)}`,
    `bonuses ${formatSigned(bonusPoints)}`,
    `red/black ${formatSigned(redBlackPoints)}`,
    `penalties ${formatSigned(penaltyPoints)}`,
    `constraints ${formatSigned(constraintPoints)}`,
  ];
  const explanation = explain(
    'scoring.total',
    { schemeId: checked.id, orgId },
    {
      targetPoints,
      bonusPoints,
      redBlackPoints,
      penaltyPoints,
      constraintPoints,
      score,
      vetoed: vetoes.length > 0,
    },
    {
      zh: `百分制得分${formatNumber(score)}分(${parts.join(',')})${vetoes.length > 0 ? ',被一票否决' : ''}。`,
      en: `Score ${formatNumber(score)} on the 100-point scale (${partsEn.join(', ')})${vetoes.length > 0 ? '; vetoed' : ''}.`,
    },
    because,
  );
  return {
    orgId,
    schemeId: checked.id,
    score,
    vetoed: vetoes.length > 0,
    vetoes,
    breakdown: {
      targets,
      bonuses,
      penalties,
      constraints,
      targetPoints,
      bonusPoints,
      penaltyPoints,
      constraintPoints,
      redBlackPoints,
    },
    explanation,
  };
}

/** One body's part of a linked score. */
export interface LinkedPart {
  /** e.g. `city`, `county`. */
  readonly body: string;
  /** e.g. 周口市考核评定, 沈丘县考核评定. */
  readonly label?: string;
  readonly score: number;
  /** Multiplier of this part; 1 when absent (Shenqiu adds the two parts as they are). */
  readonly weight?: number;
}

/** A score composed from the assessments of two (or more) bodies. */
export interface LinkedScore {
  readonly subjectId: string;
  readonly score: number;
  readonly parts: readonly LinkedPart[];
  readonly explanation: Explanation;
}

/**
 * Combines the parts of a leader linked to two bodies (e.g. the city's and the county's
 * assessment of a county-level cadre): Σ weight × score, weights defaulting to 1 so the parts
 * are simply added ("两部分考核得分相加即为个人综合得分"), rounded to 0.01.
 */
export function combineLinkedScores(subjectId: string, parts: readonly LinkedPart[]): LinkedScore {
  requireInput(parts.length > 0, `no parts to combine for ${subjectId}`);
  const bodies = new Set(parts.map((part) => part.body));
  requireInput(bodies.size === parts.length, `a body appears twice in the parts of ${subjectId}`);
  for (const part of parts) {
    requireInput(
      Number.isFinite(part.score),
      `score of ${part.body} for ${subjectId} must be a number`,
    );
    requireInput(
      part.weight === undefined || (Number.isFinite(part.weight) && part.weight > 0),
      `weight of ${part.body} for ${subjectId} must be positive`,
    );
  }
  const score = roundScore(sum(parts.map((part) => (part.weight ?? 1) * part.score)));
  const term = (part: LinkedPart): string =>
    `${part.label ?? part.body}${formatNumber(part.score)}${part.weight === undefined ? '' : `×${formatNumber(part.weight)}`}`;
  return {
    subjectId,
    score,
    parts,
    explanation: explain(
      'scoring.linked-bodies',
      {
        parts: parts.map((p) => ({
          body: p.body,
          label: p.label ?? null,
          score: p.score,
          weight: p.weight ?? 1,
        })),
      },
      { score },
      {
        zh: `综合得分=${parts.map(term).join('+')}=${formatNumber(score)}分。`,
        en: `Combined score = ${parts.map(term).join(' + ')} = ${formatNumber(score)}.`,
      },
    ),
  };
}
