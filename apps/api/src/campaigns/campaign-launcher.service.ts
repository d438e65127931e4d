import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InstanceRuntime, type OrgRef } from '@shuping/worker';
import { DataSource } from 'typeorm';

const BATCH_SIZE = 500;
/** Batches written at once: one computes its instances while another is being written. */
const CONCURRENT_BATCHES = 2;

interface OrgRow {
  id: string;
  name: string;
  county_id: string;
  kind: string;
  path: string;
  parent_id: string | null;
  parent_kind: string | null;
  parent_path: string | null;
}

/**
 * Creates a campaign's instances in batches (one transaction each, two at a time), after the
 * launch request has returned. Progress is the `launched` counter. Safe to resume: organisations that already
 * have an instance are skipped, and campaigns still `launching` at start-up are resumed.
 */
@Injectable()
export class CampaignLauncher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CampaignLauncher');
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly runtime: InstanceRuntime,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const pending = await this.db.query<{ id: string }[]>(
      `SELECT id FROM campaign WHERE status = 'launching'`,
    );
    for (const { id } of pending) void this.start(id);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled(this.running.values());
  }

  /** Starts (or joins) the launch of a campaign in the background. */
  start(campaignId: string): Promise<void> {
    const existing = this.running.get(campaignId);
    if (existing) return existing;
    const run = this.run(campaignId)
      .catch(async (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.error(`Launch of campaign ${campaignId} failed: ${message}`);
        await this.db
          .query(
            `UPDATE campaign SET status = 'failed', last_error = $2, updated_at = now() WHERE id = $1`,
            [campaignId, message],
          )
          .catch(() => undefined);
      })
      .finally(() => this.running.delete(campaignId));
    this.running.set(campaignId, run);
    return run;
  }

  private async run(campaignId: string): Promise<void> {
    const [campaign] = await this.db.query<
      {
        id: string;
        county_id: string;
        definition_version_id: string;
        scope_path: string;
        org_kinds: string[];
      }[]
    >(
      `SELECT c.id, c.county_id, c.definition_version_id, o.path AS scope_path, c.org_kinds
         FROM campaign c JOIN org_unit o ON o.id = c.scope_org_id WHERE c.id = $1`,
      [campaignId],
    );
    if (!campaign) return;
    const writing = new Set<Promise<void>>();
    const failures: Error[] = [];
    // Organisations in path order, a page after the last one taken (keyset, not offset).
    let afterPath = '';
    try {
      while (!this.stopping && failures.length === 0) {
        const orgs = await this.db.query<OrgRow[]>(
          `SELECT o.id, o.name, o.county_id, o.kind, o.path, o.parent_id, p.kind AS parent_kind, p.path AS parent_path
             FROM org_unit o LEFT JOIN org_unit p ON p.id = o.parent_id
            WHERE o.county_id = $1 AND o.path LIKE $2 AND o.kind = ANY($3) AND o.status = 'active' AND o.path > $6
              AND NOT EXISTS (SELECT 1 FROM process_instance i WHERE i.campaign_id = $4 AND i.org_unit_id = o.id)
            ORDER BY o.path LIMIT $5`,
          [
            campaign.county_id,
            `${campaign.scope_path}%`,
            campaign.org_kinds,
            campaign.id,
            BATCH_SIZE,
            afterPath,
          ],
        );
        if (orgs.length === 0) break;
        afterPath = orgs[orgs.length - 1].path;
        const batch: Promise<void> = this.startBatch(campaign, orgs)
          .catch((error: unknown) => {
            failures.push(error instanceof Error ? error : new Error(String(error)));
          })
          .finally(() => writing.delete(batch));
        writing.add(batch);
        if (writing.size >= CONCURRENT_BATCHES) await Promise.race(writing);
      }
    } finally {
      await Promise.all(writing);
    }
    if (failures.length > 0) throw failures[0];
    if (this.stopping) return;
    await this.db.query(
      `UPDATE campaign SET status = 'running', launched = (SELECT count(*) FROM process_instance WHERE campaign_id = $1),
              updated_at = now() WHERE id = $1 AND status = 'launching'`,
      [campaign.id],
    );
    await this.refreshStatistics();
  }

  /**
   * A launch can multiply the runtime's tables at once (a province: 40,000 instances, their tasks
   * and 160,000 timers). Until PostgreSQL's statistics catch up, plans made for small tables (in
   * `runtime_write` too) scan every open task or pending timer on each event; analysing now keeps
   * the first completions of the campaign as fast as the later ones; the organisations are
   * analysed with them for the dashboards, which group the campaign's tasks by township (without
   * autovacuum, as embedded, nothing else would). Best effort.
   */
  private async refreshStatistics(): Promise<void> {
    try {
      await this.db.query(`ANALYZE org_unit, process_instance, task, timer`);
    } catch (error) {
      this.logger.warn(`Could not refresh statistics after a launch: ${String(error)}`);
    }
  }

  /** Starts the instances of one page of organisations in one transaction. */
  private startBatch(
    campaign: { id: string; definition_version_id: string },
    orgs: OrgRow[],
  ): Promise<void> {
    return this.runtime.transaction(async (manager) => {
      const started = await this.runtime.startMany(
        manager,
        orgs.map((o) => ({
          campaignId: campaign.id,
          definitionVersionId: campaign.definition_version_id,
          org: {
            id: o.id,
            name: o.name,
            countyId: o.county_id,
            kind: o.kind,
            path: o.path,
            parentId: o.parent_id,
            parentKind: o.parent_kind,
            parentPath: o.parent_path,
          } satisfies OrgRef,
        })),
      );
      await manager.query(
        `UPDATE campaign SET launched = launched + $2, updated_at = now() WHERE id = $1`,
        [campaign.id, started],
      );
    });
  }
}
