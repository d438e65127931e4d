import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CalendarDayInput, CalendarOverrideView, CalendarYear } from '@shuping/contracts';
import { createWorkingCalendar, nationalCalendar } from '@shuping/engine';
import { InstanceRuntime, returnedRows } from '@shuping/worker';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import { adminScope, isRealDate } from './admin-access.js';
import { AdminErrorCode, AdminException } from './admin.exception.js';

/** Every `YYYY-MM-DD` of a year with its weekday (0 = Sunday). */
function daysOf(year: number): { date: string; weekday: number }[] {
  const days: { date: string; weekday: number }[] = [];
  for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year;) {
    days.push({ date: d.toISOString().slice(0, 10), weekday: d.getUTCDay() });
    d = new Date(d.getTime() + 86_400_000);
  }
  return days;
}

/**
 * The working calendar: the national one (chinese-days, through the engine: public holidays and
 * make-up working days, 调休) plus the county's own holidays and working days, which working-day
 * deadlines of the county's processes use from the moment they are saved.
 */
@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly runtime: InstanceRuntime,
  ) {}

  /** The national calendar of a year and the county's overrides (anyone of the county may read). */
  async year(principal: Principal, year: number): Promise<CalendarYear> {
    const countyId = principal.countyId;
    if (!countyId) throw new AdminException(AdminErrorCode.NotAdmin, 'No county: no calendar');
    const overrides = await this.db.query<CalendarOverrideView[]>(
      `SELECT to_char(d.day, 'YYYY-MM-DD') AS date, d.kind, d.note, u.display_name AS "createdBy",
              d.created_at AS "createdAt"
         FROM county_calendar_day d LEFT JOIN app_user u ON u.id = d.created_by
        WHERE d.county_id = $1 AND d.day BETWEEN make_date($2, 1, 1) AND make_date($2, 12, 31)
        ORDER BY d.day`,
      [countyId, year],
    );
    const county = createWorkingCalendar({
      extraHolidays: overrides.filter((o) => o.kind === 'holiday').map((o) => o.date),
      extraWorkdays: overrides.filter((o) => o.kind === 'workday').map((o) => o.date),
    });
    const days = daysOf(year);
    const weekend = (weekday: number) => weekday === 0 || weekday === 6;
    return {
      year,
      nationalHolidays: days
        .filter((d) => !weekend(d.weekday) && !nationalCalendar.isWorkingDay(d.date))
        .map((d) => d.date),
      nationalWorkdays: days
        .filter((d) => weekend(d.weekday) && nationalCalendar.isWorkingDay(d.date))
        .map((d) => d.date),
      overrides,
      workingDays: days.filter((d) => county.isWorkingDay(d.date)).length,
    };
  }

  /** Declares a county holiday or working day (replacing an earlier override of that day). */
  async set(principal: Principal, date: string, body: CalendarDayInput): Promise<CalendarYear> {
    const scope = adminScope(principal);
    if (!isRealDate(date))
      throw new AdminException(AdminErrorCode.BadDate, `${date} is not a date`);
    const national = nationalCalendar.isWorkingDay(date);
    if ((body.kind === 'holiday' && !national) || (body.kind === 'workday' && national)) {
      throw new AdminException(
        AdminErrorCode.CalendarNoChange,
        `${date} is already a ${national ? 'working day' : 'day off'} nationally`,
      );
    }
    await this.db.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO county_calendar_day (county_id, day, kind, note, created_by)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (county_id, day) DO UPDATE
           SET kind = EXCLUDED.kind, note = EXCLUDED.note, created_by = EXCLUDED.created_by, created_at = now()`,
        [scope.countyId, date, body.kind, body.note ?? null, scope.userId],
      );
      await this.audit.record(
        {
          countyId: scope.countyId,
          actorUserId: scope.userId,
          action: 'calendar.set',
          targetType: 'calendar_day',
          targetId: date,
          detail: { kind: body.kind, note: body.note ?? null },
        },
        manager,
      );
    });
    this.runtime.forgetCalendar(scope.countyId);
    return this.year(principal, Number(date.slice(0, 4)));
  }

  /** Removes a county override: the national calendar applies to that day again. */
  async unset(principal: Principal, date: string): Promise<CalendarYear> {
    const scope = adminScope(principal);
    if (!isRealDate(date)) throw new NotFoundException('Calendar override');
    await this.db.transaction(async (manager) => {
      const removed = returnedRows<{ kind: string }>(
        await manager.query(
          `DELETE FROM county_calendar_day WHERE county_id = $1 AND day = $2 RETURNING kind`,
          [scope.countyId, date],
        ),
      );
      if (removed.length === 0) throw new NotFoundException('Calendar override');
      await this.audit.record(
        {
          countyId: scope.countyId,
          actorUserId: scope.userId,
          action: 'calendar.unset',
          targetType: 'calendar_day',
          targetId: date,
          detail: { kind: removed[0].kind },
        },
        manager,
      );
    });
    this.runtime.forgetCalendar(scope.countyId);
    return this.year(principal, Number(date.slice(0, 4)));
  }
}
