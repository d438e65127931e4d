import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AdvanceOutcome } from '@shuping/worker';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import { RatingService, type RatingProgress, type RatingTask } from './rating.service.js';
import { TasksService } from './tasks.service.js';

/** The rating routes: progress for raters and the organiser, and closing a round. */
@Injectable()
export class TaskRatingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tasks: TasksService,
    private readonly ratings: RatingService,
  ) {}

  async progress(principal: Principal, id: string): Promise<RatingProgress> {
    const view = await this.tasks.get(principal, id);
    if (view.stepKind !== 'rating') throw new NotFoundException('Rating');
    if (view.status === 'open' || view.status === 'claimed') await this.ratings.closeIfDue(id);
    const [task] = await this.db.query<(RatingTask & { org_path: string })[]>(
      `SELECT t.id, t.county_id, t.instance_id, t.org_unit_id, t.task_key, t.status, t.form_settings,
              t.candidate_org_path, t.rater_groups, o.path AS org_path
         FROM task t JOIN org_unit o ON o.id = t.org_unit_id WHERE t.id = $1`,
      [id],
    );
    return this.ratings.progress(this.db.manager, principal, task);
  }

  close(principal: Principal, id: string): Promise<AdvanceOutcome> {
    return this.ratings.closeByOrganiser(principal, id);
  }
}
