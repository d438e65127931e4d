import { readFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import {
  addDuration,
  createWorkingCalendar,
  nationalCalendar,
  toChinaLocalDate,
} from '@shuping/engine';
import ExcelJS from 'exceljs';
import request from 'supertest';
import type { ShupingApp } from '../../apps/api/src/app.bootstrap.js';
import { CampaignLauncher } from '../../apps/api/src/campaigns/campaign-launcher.service.js';
import { CountySetupService } from '../../apps/api/src/seed/county-setup.service.js';
import { startTestApp } from '../support/app.js';
import { login, seedCounty, type TestCounty } from '../support/factories.js';
import { requirePostgresUrl } from '../support/services.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** The first working days after today on the national calendar (China-local dates). */
function nextWorkingDays(count: number): string[] {
  const days: string[] = [];
  for (let i = 1; days.length < count; i++) {
    const date = toChinaLocalDate(new Date(Date.now() + i * 86_400_000));
    if (nationalCalendar.isWorkingDay(date)) days.push(date);
  }
  return days;
}

const postgresUrl = requirePostgresUrl();
const targets: [string, boolean][] = [
  ['pglite', true],
  ['postgres', Boolean(postgresUrl)],
];

describe.each(targets)('administration: calendar and audit trail on %s', (name, available) => {
  const run = available ? it : it.skip;
  let shuping: ShupingApp;
  let app: INestApplication;
  let database: TestDatabase | undefined;
  let a: TestCounty;
  let b: TestCounty;
  let instanceId: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    if (!available) return;
    if (name === 'postgres') database = await createTestDatabase(postgresUrl!);
    shuping = await startTestApp(database ? { DATABASE_URL: database.url } : {});
    app = shuping.app;
    a = await seedCounty(app, `ua${name}`, 2);
    b = await seedCounty(app, `ub${name}`, 1);
  });

  afterAll(async () => {
    await shuping?.close();
    await database?.drop();
  });

  run(
    'shows the national calendar with its make-up days, and refuses pointless overrides',
    async () => {
      const admin = await login(app, a.users.admin);
      const year = await http()
        .get('/api/admin/calendar?year=2025')
        .set('authorization', admin)
        .expect(200);
      expect(year.body.nationalHolidays).toEqual(
        expect.arrayContaining(['2025-10-01', '2025-10-08', '2025-01-28']),
      );
      expect(year.body.nationalWorkdays).toEqual(
        expect.arrayContaining(['2025-09-28', '2025-10-11', '2025-01-26']),
      );
      expect(year.body.overrides).toEqual([]);
      const sunday = await http()
        .put('/api/admin/calendar/2025-10-12')
        .set('authorization', admin)
        .send({ kind: 'holiday' })
        .expect(400);
      expect(sunday.body.code).toBe('CALENDAR_NO_CHANGE');
      await http()
        .put('/api/admin/calendar/2025-02-30')
        .set('authorization', admin)
        .send({ kind: 'holiday' })
        .expect(400);
      await http()
        .put('/api/admin/calendar/tomorrow')
        .set('authorization', admin)
        .send({ kind: 'holiday' })
        .expect(404);
      const workday = await http()
        .put('/api/admin/calendar/2025-10-12')
        .set('authorization', admin)
        .send({ kind: 'workday', note: '集中述职' })
        .expect(200);
      expect(workday.body.overrides).toEqual([
        expect.objectContaining({ date: '2025-10-12', kind: 'workday', note: '集中述职' }),
      ]);
      expect(workday.body.workingDays).toBe(year.body.workingDays + 1);
      await http().delete('/api/admin/calendar/2025-10-12').set('authorization', admin).expect(200);
      await http().delete('/api/admin/calendar/2025-10-12').set('authorization', admin).expect(404);
      // Another county does not see it; a secretary may read the calendar but not change it.
      const other = await http()
        .get('/api/admin/calendar?year=2025')
        .set('authorization', await login(app, b.users.admin))
        .expect(200);
      expect(other.body.overrides).toEqual([]);
      const secretary = await login(app, a.users.township);
      await http().get('/api/admin/calendar?year=2025').set('authorization', secretary).expect(200);
      await http()
        .put('/api/admin/calendar/2025-10-13')
        .set('authorization', secretary)
        .send({ kind: 'holiday' })
        .expect(403);
    },
  );

  run('a county holiday moves working-day deadlines of new steps', async () => {
    const admin = await login(app, a.users.admin);
    const [first] = nextWorkingDays(1);
    await http()
      .put(`/api/admin/calendar/${first}`)
      .set('authorization', admin)
      .send({ kind: 'holiday', note: '县庆' })
      .expect(200);
    const ids = await app.get(CountySetupService).installTemplates(a.county.id, [
      {
        file: 'standard-review.json',
        document: JSON.parse(readFileSync('workflows/standard-review.json', 'utf8')),
      },
    ]);
    const launched = await http()
      .post('/api/campaigns')
      .set('authorization', admin)
      .send({
        name: '日历',
        definitionId: ids.get('standard-review'),
        scopeOrgId: a.villages[0].id,
        orgKinds: ['village'],
      })
      .expect(202);
    await app.get(CampaignLauncher).start(launched.body.id as string);
    const [task] = await shuping.db.dataSource.query<
      { instance_id: string; opened_at: Date; due_at: Date }[]
    >(
      `SELECT instance_id, opened_at, due_at FROM task WHERE campaign_id = $1 AND task_key = 'reportWriting'`,
      [launched.body.id],
    );
    instanceId = task.instance_id;
    // reportWriting is due in 5 working days: the county holiday does not count.
    const county = createWorkingCalendar({ extraHolidays: [first] });
    expect(task.due_at.toISOString()).toBe(
      addDuration(task.opened_at, '5WD', county).toISOString(),
    );
    expect(task.due_at.getTime()).toBeGreaterThan(addDuration(task.opened_at, '5WD').getTime());
  });

  run('finds admin actions and process state changes by who, what and when', async () => {
    const admin = await login(app, a.users.admin);
    const all = await http()
      .get('/api/admin/audit?limit=500')
      .set('authorization', admin)
      .expect(200);
    const actions = all.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['calendar.set', 'calendar.unset', 'auth.login', 'instance.start']),
    );
    expect(
      all.body.items.every(
        (e: { at: string }, i: number, list: { at: string }[]) => i === 0 || list[i - 1].at >= e.at,
      ),
    ).toBe(true);

    const byActor = await http()
      .get(`/api/admin/audit?actor=${encodeURIComponent(a.users.admin)}&action=calendar.`)
      .set('authorization', admin)
      .expect(200);
    expect(byActor.body.items.length).toBeGreaterThanOrEqual(3);
    for (const e of byActor.body.items) {
      expect(e).toMatchObject({ source: 'admin', actorName: a.users.admin });
      expect(e.action.startsWith('calendar.')).toBe(true);
    }
    const process = await http()
      .get(`/api/admin/audit?source=process&targetId=${instanceId}`)
      .set('authorization', admin)
      .expect(200);
    expect(process.body.items).toEqual([
      expect.objectContaining({
        action: 'instance.start',
        targetType: 'instance',
        targetId: instanceId,
      }),
    ]);
    expect(process.body.items[0].detail).toMatchObject({ seq: 1, to: ['reportWriting'] });
    const future = await http()
      .get(
        `/api/admin/audit?from=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`,
      )
      .set('authorization', admin)
      .expect(200);
    expect(future.body).toEqual({ items: [], more: false });
    const page = await http()
      .get('/api/admin/audit?limit=1')
      .set('authorization', admin)
      .expect(200);
    expect(page.body).toMatchObject({ more: true });
    expect(page.body.items).toHaveLength(1);
    // Nothing of another county.
    const other = await http()
      .get(`/api/admin/audit?targetId=${instanceId}`)
      .set('authorization', await login(app, b.users.admin))
      .expect(200);
    expect(other.body.items).toEqual([]);
    await http()
      .get('/api/admin/audit')
      .set('authorization', await login(app, a.users.township))
      .expect(403);
  });

  run('exports the trail as CSV and xlsx, and records the export', async () => {
    const admin = await login(app, a.users.admin);
    const csv = await http()
      .get('/api/admin/audit/export?format=csv&action=calendar.')
      .set('authorization', admin)
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r\n/);
    expect(lines[0]).toBe('时间,来源,操作人,操作,对象类型,对象,详情');
    expect(lines.slice(1).every((l) => l.includes('calendar.'))).toBe(true);
    expect(lines.length).toBeGreaterThanOrEqual(4);

    const xlsx = await http()
      .get('/api/admin/audit/export?format=xlsx')
      .set('authorization', admin)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as Parameters<ExcelJS.Xlsx['load']>[0]);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).getCell(4).text).toBe('操作');
    expect(sheet.rowCount).toBeGreaterThan(5);
    const exports = await http()
      .get('/api/admin/audit?action=audit.export')
      .set('authorization', admin)
      .expect(200);
    expect(exports.body.items).toHaveLength(2);
  });

  run(
    'an audit row cannot be changed, even with SQL as the application’s database user',
    async () => {
      const db = shuping.db.dataSource;
      const [row] = await db.query<{ id: string; action: string }[]>(
        `SELECT id, action FROM audit_log WHERE county_id = $1 ORDER BY id LIMIT 1`,
        [a.county.id],
      );
      const [event] = await db.query<{ id: string }[]>(
        `SELECT id FROM instance_event WHERE instance_id = $1`,
        [instanceId],
      );
      const refusals: string[] = [];
      for (const sql of [
        `UPDATE audit_log SET action = 'forged' WHERE id = ${row.id}`,
        `DELETE FROM audit_log WHERE id = ${row.id}`,
        `TRUNCATE audit_log`,
        `UPDATE instance_event SET actor_user_id = NULL WHERE id = ${event.id}`,
        `DELETE FROM instance_event WHERE id = ${event.id}`,
      ]) {
        const error = await db.query(sql).then(
          () => null,
          (e: { code?: string; message: string }) => e,
        );
        expect(error).toMatchObject({ code: '42501' });
        refusals.push(error!.message);
      }
      expect(refusals[0]).toContain('audit_log is append-only');
      expect(refusals[3]).toContain('instance_event is append-only');
      const [still] = await db.query<{ action: string }[]>(
        `SELECT action FROM audit_log WHERE id = $1`,
        [row.id],
      );
      expect(still.action).toBe(row.action);

      // A production-style database user (not the tables' owner) can neither change rows nor
      // switch the trigger off. Everything here is rolled back: the role does not outlive the test.
      const runner = db.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        const role = `shuping_app_${process.pid}`;
        await runner.query(`CREATE ROLE ${role} NOLOGIN`);
        await runner.query(
          `GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON audit_log, instance_event TO ${role}`,
        );
        await runner.query(`SET LOCAL ROLE ${role}`);
        const attempt = async (sql: string) => {
          await runner.query('SAVEPOINT attempt');
          try {
            await runner.query(sql);
            return null;
          } catch (error) {
            return (error as { code?: string }).code ?? 'error';
          } finally {
            await runner.query('ROLLBACK TO SAVEPOINT attempt');
          }
        };
        expect(await attempt(`UPDATE audit_log SET action = 'forged' WHERE id = ${row.id}`)).toBe(
          '42501',
        );
        expect(await attempt(`DELETE FROM instance_event WHERE id = ${event.id}`)).toBe('42501');
        expect(await attempt(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`)).toBe(
          '42501',
        );
        expect(await attempt(`DROP TRIGGER audit_log_append_only ON audit_log`)).toBe('42501');
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    },
  );
});
