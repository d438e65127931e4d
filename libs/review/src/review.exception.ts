import type { z } from 'zod';

/** Stable codes of the review library's errors; the API maps them to problem+json `code`s. */
export enum ReviewErrorCode {
  /** A rule configuration (aggregation, scoring, classes, application) failed validation. */
  InvalidConfig = 'REVIEW_INVALID_CONFIG',
  /** Input data (ballots, score sheets, rankings) is inconsistent with itself or the rule. */
  InvalidInput = 'REVIEW_INVALID_INPUT',
  /** The same rater cast two ballots for the same subject, direction and dimension. */
  DuplicateBallot = 'REVIEW_DUPLICATE_BALLOT',
  /** A ballot names a rater group that the rule does not weight. */
  UnknownRaterGroup = 'REVIEW_UNKNOWN_RATER_GROUP',
  /** More ballots were cast than raters were eligible. */
  TooManyBallots = 'REVIEW_TOO_MANY_BALLOTS',
}

/** The one error class of `libs/review`: a user or configuration mistake, never a server fault. */
export class ReviewRuleError extends Error {
  override readonly name = 'ReviewRuleError';

  constructor(
    readonly code: ReviewErrorCode,
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(details.length > 0 ? `${message}: ${details.join('; ')}` : message);
  }
}

/**
 * Parses `value` with `schema`, throwing {@link ReviewRuleError} (`REVIEW_INVALID_CONFIG`) that
 * lists every issue with its path.
 */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) {
    return result.data;
  }
  const details = result.error.issues.map(
    (issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`,
  );
  throw new ReviewRuleError(ReviewErrorCode.InvalidConfig, `invalid ${what}`, details);
}

/** Throws `REVIEW_INVALID_INPUT` unless `condition` holds. */
export function requireInput(condition: boolean, message: string): asserts condition {
  if (!condition) {
    throw new ReviewRuleError(ReviewErrorCode.InvalidInput, message);
  }
}
