import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isGrade } from '@shuping/engine';
import {
  buildResultsTable,
  compareCodeUnits,
  consequenceLabel,
  evaluateCampaign,
  explanationLines,
  renderResultsNotice,
  ReviewRuleError,
  type CampaignOrganisation,
  type CampaignRules,
  type OrgResult,
} from '@shuping/review';
import { Clock, DefinitionCache } from '@shuping/worker';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { loadCampaign, type CampaignRow } from './supervision-campaigns.js';
import { campaignRulesFor } from './supervision-definition.util.js';
import { SupervisionLiveService } from './supervision-live.service.js';
import { ADMIN_ROLES, requireActor, supervisionScope } from './supervision-scope.js';
import { SupervisionErrorCode, SupervisionException } from './supervision.exception.js';
import type { PublishNotice, ResultsQuery } from './supervision.schemas.js';

export interface ResultRow {
  orgId: string;
  instanceId: string;
  name: string;
  code: string;
  scopeName: string | null;
  score: number | null;
  vetoed: boolean;
  grade: string | null;
  rank: number | null;
  rankedAmong: number | null;
  classLabel: string | null;
  rewardPercent: number | null;
  boundaryTie: boolean;
  consequences: string[];
  explanation: { zh: string; en: string; lines: { depth: number; zh: string; en: string }[] };
}

export interface CampaignResultsView {
  campaign: { id: string; name: string };
  rules: {
    rankWithin: string;
    ranking: string;
    classes: { label: string; sharePercent: number; rewardPercent: number }[];
    hasRatings: boolean;
  };
  summary: {
    organisations: number;
    scored: number;
    graded: number;
    byClass: Record<string, number>;
  };
  total: number;
  rows: ResultRow[];
}

export interface FactsRow {
  instance_id: string;
  org_id: string;
  code: string;
  name: string;
  scope_id: string | null;
  scope_name: string | null;
  scope_code: string | null;
  township_id: string | null;
  grade: string | null;
  score: string | null;
  vetoed: boolean | null;
}

/**
 * Results of a campaign from the review rules (libs/review): each instance's facts (grade,
 * score, veto from `snapshot.context.facts`, extracted in SQL) are ranked within their township,
 * put in classes and applied, each result with its explanation; published as a 公示 notice or
 * exported to Excel.
 */
@Injectable()
export class SupervisionResultsService {
  private readonly cache = new Map<
    string,
    { key: string; facts: (FactsRow & { path: string })[]; results: OrgResult[] }
  >();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly definitions: DefinitionCache,
    private readonly audit: AuditService,
    private readonly live: SupervisionLiveService,
  ) {}

  async results(
    principal: Principal,
    campaignId: string,
    query: ResultsQuery,
  ): Promise<CampaignResultsView> {
    const { campaign, rules, hasRatings, results, facts } = await this.evaluate(
      principal,
      campaignId,
    );
    const byOrg = new Map(facts.map((f) => [f.org_id, f]));
    const rows = query.townshipId
      ? results.filter((r) => byOrg.get(r.orgId)?.township_id === query.townshipId)
      : results;
    const byClass: Record<string, number> = {};
    for (const r of results)
      if (r.classLabel) byClass[r.classLabel] = (byClass[r.classLabel] ?? 0) + 1;
    return {
      campaign: { id: campaign.id, name: campaign.name },
      rules: {
        rankWithin: rules.rankWithin,
        ranking: rules.ranking.method,
        classes: rules.classes ? [...rules.classes.classes] : [],
        hasRatings,
      },
      summary: {
        organisations: results.length,
        scored: results.filter((r) => r.score !== null).length,
        graded: results.filter((r) => r.grade !== null).length,
        byClass,
      },
      total: rows.length,
      rows: rows
        .slice(query.offset, query.offset + query.limit)
        .map((r) => view(r, byOrg.get(r.orgId)?.instance_id ?? '')),
    };
  }

  /** The results as an .xlsx workbook (Chinese headers, one row per organisation). */
  async export(
    principal: Principal,
    campaignId: string,
  ): Promise<{ filename: string; content: Buffer }> {
    const { campaign, results } = await this.evaluate(principal, campaignId);
    const table = buildResultsTable(results, { language: 'zh' });
    const workbook = new ExcelJS.Workbook();
    workbook.creator = '述评 Shuping';
    workbook.created = this.clock.now();
    const sheet = workbook.addWorksheet('考评结果', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow([...table.headers]);
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) sheet.addRow([...row]);
    const widths: Record<string, number> = {
      explanation: 80,
      consequences: 30,
      org: 20,
      scope: 16,
    };
    sheet.columns.forEach((column, i) => {
      column.width = widths[table.keys[i]] ?? 12;
    });
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    return { filename: `${campaign.name}-考评结果.xlsx`, content };
  }

  /** Publishes the results as a public notice (公示) for the period given. */
  async publish(
    principal: Principal,
    campaignId: string,
    body: PublishNotice,
  ): Promise<{ id: string; text: string; until: string }> {
    const { campaign, results } = await this.evaluate(principal, campaignId);
    requireActor(principal, campaign.scope_path, ADMIN_ROLES, 'publish results');
    if (results.length === 0) {
      throw new SupervisionException(
        SupervisionErrorCode.NoResults,
        'The campaign has no results yet',
      );
    }
    let text: string;
    try {
      text = renderResultsNotice(results, {
        subject: body.subject,
        organiser: body.organiser,
        issuedOn: chinaDate(this.clock.now()),
        periodStart: body.periodStart,
        periodEnd: body.periodEnd,
        contact: body.contact,
        showScores: body.showScores,
      });
    } catch (error) {
      if (error instanceof ReviewRuleError) {
        throw new SupervisionException(SupervisionErrorCode.InvalidNotice, error.message, [
          { path: 'periodEnd', message: error.message },
        ]);
      }
      throw error;
    }
    // The last day of the period ends at midnight, China time.
    const until = new Date(`${body.periodEnd}T24:00:00+08:00`);
    const [notice] = await this.db.transaction(async (manager) => {
      const rows = await manager.query<{ id: string }[]>(
        `INSERT INTO public_notice (county_id, instance_id, campaign_id, org_unit_id, subject, title_zh, title_en,
                                    body, published_at, until)
         VALUES ($1, NULL, $2, $3, 'results', $4, $5, $6, $7, $8) RETURNING id`,
        [
          campaign.county_id,
          campaign.id,
          campaign.scope_org_id,
          `关于${body.subject}的公示`.slice(0, 200),
          `Results notice: ${campaign.name}`.slice(0, 200),
          JSON.stringify({
            text,
            campaignId: campaign.id,
            periodStart: body.periodStart,
            periodEnd: body.periodEnd,
            results: results.map((r) => ({
              name: r.name,
              scopeName: r.scopeName,
              rank: r.rank,
              grade: r.grade,
              classLabel: r.classLabel,
              score: body.showScores ? r.score : null,
              vetoed: r.vetoed,
            })),
          }),
          this.clock.now(),
          until,
        ],
      );
      await this.audit.record(
        {
          countyId: campaign.county_id,
          actorUserId: principal.userId,
          action: 'supervision.publish_results',
          targetType: 'campaign',
          targetId: campaign.id,
          detail: {
            noticeId: rows[0].id,
            periodStart: body.periodStart,
            periodEnd: body.periodEnd,
          },
        },
        manager,
      );
      return rows;
    });
    this.live.publish(campaign.county_id);
    return { id: notice.id, text, until: until.toISOString() };
  }

  /**
   * The campaign's results for the organisations in my scope. The whole campaign is evaluated
   * (ranking needs every score of a township at once) from the facts only — one JSON field per
   * instance, never the whole snapshot — and kept until an instance of the campaign changes
   * (count and last update of its instances), then filtered to my scope.
   */
  private async evaluate(principal: Principal, campaignId: string) {
    const scope = supervisionScope(principal);
    const campaign: CampaignRow = await loadCampaign(this.db.manager, scope, campaignId);
    const definition = await this.definitions.get(campaign.definition_version_id);
    const { rules, hasRatings } = campaignRulesFor(definition);
    const [mark] = await this.db.query<{ n: number; at: Date | null }[]>(
      `SELECT count(*)::int AS n, max(updated_at) AS at FROM process_instance WHERE campaign_id = $1`,
      [campaign.id],
    );
    const key = `${mark.n}|${mark.at?.toISOString() ?? ''}`;
    let evaluated = this.cache.get(campaign.id);
    if (evaluated?.key !== key) {
      const rows = await this.db.query<
        (Omit<FactsRow, 'grade' | 'score' | 'vetoed'> & {
          path: string;
          facts: { grade?: unknown; score?: unknown; vetoed?: unknown } | null;
        })[]
      >(
        `SELECT i.id AS instance_id, o.id AS org_id, o.code, o.name, o.path, p.id AS scope_id,
                p.name AS scope_name, p.code AS scope_code,
                NULLIF(split_part(o.path, '/', 3), '') AS township_id,
                i.snapshot -> 'context' -> 'facts' AS facts
           FROM process_instance i JOIN org_unit o ON o.id = i.org_unit_id
           LEFT JOIN org_unit p ON p.id = o.parent_id
          WHERE i.campaign_id = $1 AND i.status <> 'cancelled'`,
        [campaign.id],
      );
      const facts = rows.map(({ facts: f, ...row }) => ({
        ...row,
        grade: typeof f?.grade === 'string' ? f.grade : null,
        score: typeof f?.score === 'number' ? String(f.score) : null,
        vetoed: f?.vetoed === true,
      }));
      evaluated = { key, facts, results: evaluate(facts, rules, hasRatings) };
      this.cache.delete(campaign.id);
      this.cache.set(campaign.id, evaluated);
      // A few campaigns are looked at at a time; keep the most recent ones.
      for (const old of this.cache.keys()) {
        if (this.cache.size <= RESULTS_CACHE_SIZE) break;
        this.cache.delete(old);
      }
    }
    const visible = (path: string) =>
      scope.paths === null || scope.paths.some((p) => path.startsWith(p));
    const facts = evaluated.facts.filter((f) => visible(f.path));
    const ids = new Set(facts.map((f) => f.org_id));
    return {
      campaign,
      rules,
      hasRatings,
      results: evaluated.results.filter((r) => ids.has(r.orgId)),
      facts,
    };
  }
}

/** How many campaigns' evaluated results are kept in memory. */
const RESULTS_CACHE_SIZE = 8;

/**
 * Runs the review rules over the facts: organisations with a score are ranked (within their
 * township) and classed; the others are listed after them with their grade and consequences.
 */
export function evaluate(
  facts: FactsRow[],
  rules: CampaignRules,
  hasRatings: boolean,
): OrgResult[] {
  const orgs = (rows: FactsRow[]): CampaignOrganisation[] =>
    rows.map((f) => ({
      orgId: f.org_id,
      code: f.code,
      name: f.name,
      scopeId: f.scope_id ?? f.org_id,
      ...(f.scope_name ? { scopeName: f.scope_name } : {}),
    }));
  const ratings = (rows: FactsRow[]) =>
    hasRatings
      ? rows.map((f) => ({ subjectId: f.org_id, grade: isGrade(f.grade) ? f.grade : null }))
      : undefined;
  const score = (f: FactsRow) => (f.score === null ? null : Number(f.score));
  const scored = facts.filter((f) => {
    const s = score(f);
    return s !== null && Number.isFinite(s);
  });
  const scoredIds = new Set(scored.map((f) => f.org_id));
  const unscored = facts.filter((f) => !scoredIds.has(f.org_id));
  const out: OrgResult[] = [];
  if (scored.length > 0) {
    out.push(
      ...evaluateCampaign(
        {
          organisations: orgs(scored),
          scores: scored.map((f) => ({
            orgId: f.org_id,
            score: score(f) as number,
            vetoed: f.vetoed === true,
          })),
          ratings: ratings(scored),
        },
        rules,
      ).results,
    );
  }
  if (unscored.length > 0) {
    out.push(
      ...evaluateCampaign({ organisations: orgs(unscored), ratings: ratings(unscored) }, rules)
        .results,
    );
  }
  // Townships in the order of their codes (the library orders groups by id), then by position.
  const scopeCode = new Map(facts.map((f) => [f.org_id, f.scope_code ?? '']));
  const key = (r: OrgResult) => scopeCode.get(r.orgId) ?? '';
  return out.sort(
    (a, b) =>
      (a.score === null ? 1 : 0) - (b.score === null ? 1 : 0) ||
      compareCodeUnits(key(a), key(b)) ||
      (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER) ||
      compareCodeUnits(a.code, b.code),
  );
}

function view(r: OrgResult, instanceId: string): ResultRow {
  const zh = explanationLines(r.explanation, 'zh');
  const en = explanationLines(r.explanation, 'en');
  return {
    orgId: r.orgId,
    instanceId,
    name: r.name,
    code: r.code,
    scopeName: r.scopeName,
    score: r.score,
    vetoed: r.vetoed,
    grade: r.grade,
    rank: r.rank,
    rankedAmong: r.rankedAmong,
    classLabel: r.classLabel,
    rewardPercent: r.rewardPercent,
    boundaryTie: r.boundaryTie,
    consequences: r.consequences.map(consequenceLabel),
    explanation: {
      zh: r.explanation.zh,
      en: r.explanation.en,
      lines: zh.map((line, i) => ({ depth: line.depth, zh: line.text, en: en[i]?.text ?? '' })),
    },
  };
}

/** `YYYY-MM-DD` of an instant in China time. */
function chinaDate(date: Date): string {
  return new Date(date.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}
