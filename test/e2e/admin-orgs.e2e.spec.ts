import { readFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import request from 'supertest';
import type { ShupingApp } from '../../apps/api/src/app.bootstrap.js';
import { CampaignLauncher } from '../../apps/api/src/campaigns/campaign-launcher.service.js';
import { CountySetupService } from '../../apps/api/src/seed/county-setup.service.js';
import { startTestApp } from '../support/app.js';
import { login, seedCounty, type TestCounty } from '../support/factories.js';
import { requirePostgresUrl } from '../support/services.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const HEADERS = [
  '组织编码*',
  '组织名称*',
  '组织类型*',
  '上级组织编码',
  '书记姓名',
  '书记手机号',
  '书记登录名',
];

/** A county file like Haiyan's: 20 townships of 74 villages each, every one with its secretary. */
async function bigCountyFile(): Promise<{ rows: string[][]; base64: string }> {
  const rows: string[][] = [];
  for (let t = 1; t <= 20; t++) {
    const code = `T${String(t).padStart(2, '0')}`;
    rows.push([
      code,
      `第${t}镇`,
      t % 5 === 0 ? '街道' : '乡镇',
      '',
      `镇书记${t}`,
      `1390000${String(t).padStart(4, '0')}`,
      '',
    ]);
    for (let v = 1; v <= 74; v++) {
      rows.push([
        `${code}-V${String(v).padStart(3, '0')}`,
        `第${t}镇${v}村`,
        v % 10 === 0 ? '社区' : '村',
        code,
        `村书记${t}-${v}`,
        `137${String(t).padStart(2, '0')}${String(v).padStart(6, '0')}`,
        '',
      ]);
    }
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('组织导入');
  sheet.addRow(HEADERS);
  for (const row of rows) sheet.addRow(row);
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { rows, base64: buffer.toString('base64') };
}

const csv = (rows: string[][]) =>
  Buffer.from(`\uFEFF${[HEADERS, ...rows].map((r) => r.join(',')).join('\r\n')}\r\n`).toString(
    'base64',
  );

const postgresUrl = requirePostgresUrl();
const targets: [string, boolean][] = [
  ['pglite', true],
  ['postgres', Boolean(postgresUrl)],
];

describe.each(targets)('administration: organisation tree on %s', (name, available) => {
  const run = available ? it : it.skip;
  let shuping: ShupingApp;
  let app: INestApplication;
  let database: TestDatabase | undefined;
  let a: TestCounty;
  let b: TestCounty;
  const tokens = new Map<string, string>();
  const http = () => request(app.getHttpServer());
  const as = async (username: string) => {
    if (!tokens.has(username)) tokens.set(username, await login(app, username));
    return tokens.get(username)!;
  };
  const count = async (sql: string, params: unknown[]) =>
    (await shuping.db.dataSource.query<{ n: number }[]>(sql, params))[0].n;

  beforeAll(async () => {
    if (!available) return;
    if (name === 'postgres') database = await createTestDatabase(postgresUrl!);
    shuping = await startTestApp(database ? { DATABASE_URL: database.url } : {});
    app = shuping.app;
    a = await seedCounty(app, `oa${name}`, 3);
    b = await seedCounty(app, `ob${name}`, 1);
  });

  afterAll(async () => {
    await shuping?.close();
    await database?.drop();
  });

  run('imports a 1,500-organisation county with its secretaries in under 30 s', async () => {
    const admin = await as(b.users.admin);
    const file = await bigCountyFile();
    const body = { fileName: '全县组织.xlsx', contentBase64: file.base64 };
    const preview = await http()
      .post('/api/admin/org-import/preview')
      .set('authorization', admin)
      .send(body)
      .expect(200);
    expect(preview.body).toMatchObject({
      valid: true,
      errors: [],
      counts: { organisations: 1500, secretaries: 1500, byKind: { township: 16, street: 4 } },
    });
    expect(
      await count(`SELECT count(*)::int AS n FROM org_unit WHERE county_id = $1`, [b.county.id]),
    ).toBe(3);

    const started = Date.now();
    const imported = await http()
      .post('/api/admin/org-import')
      .set('authorization', admin)
      .send(body)
      .expect(201);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(30_000);
    expect(imported.body).toMatchObject({ organisations: 1500, secretaries: 1500 });
    expect(imported.body.createdUserIds).toHaveLength(1500);

    const tree = (await http().get('/api/admin/orgs').set('authorization', admin).expect(200))
      .body as {
      id: string;
      code: string;
      parentId: string;
      depth: number;
      path: string;
      secretaries: string[];
    }[];
    expect(tree).toHaveLength(1503);
    const byCode = new Map(tree.map((o) => [o.code, o]));
    const t7 = byCode.get('T07')!;
    const v = byCode.get('T07-V042')!;
    expect(t7).toMatchObject({ parentId: b.county.id, depth: 1, secretaries: ['镇书记7'] });
    expect(v).toMatchObject({ parentId: t7.id, depth: 2, path: `${t7.path}${v.id}/` });
    expect(v.secretaries).toEqual(['村书记7-42']);
    // Imported accounts have no password yet: they cannot log in until one is issued.
    await http()
      .post('/api/auth/login')
      .send({ username: '13707000042', password: 'anything-1' })
      .expect(401);
    const audit = await count(
      `SELECT count(*)::int AS n FROM audit_log WHERE county_id = $1 AND action = 'org.import'`,
      [b.county.id],
    );
    expect(audit).toBe(1);
    console.info(`[${name}] imported 1,500 organisations and 1,500 secretaries in ${elapsed} ms`);
  });

  run('reports all 3 bad rows of a file and writes nothing', async () => {
    const admin = await as(a.users.admin);
    const rows = [
      ['X1', '新城镇', '乡镇', '', '王新', '13800001111', ''],
      ['X1-V1', '新一村', '村', 'X1', '', '', ''],
      ['X1-V1', '新二村', '村', 'X1', '', '', ''],
      ['X1-V3', '新三村', '村', 'NOWHERE', '', '', ''],
      ['X1-V4', '新四村', '村', 'X1', '赵四', '1380000', ''],
      ['X1-V5', '新五村', '村', `${a.township.code}`, '', '', ''],
    ];
    const body = { fileName: 'bad.csv', contentBase64: csv(rows) };
    const before = await count(`SELECT count(*)::int AS n FROM org_unit WHERE county_id = $1`, [
      a.county.id,
    ]);
    const users = await count(`SELECT count(*)::int AS n FROM app_user WHERE county_id = $1`, [
      a.county.id,
    ]);

    const preview = await http()
      .post('/api/admin/org-import/preview')
      .set('authorization', admin)
      .send(body)
      .expect(200);
    expect(preview.body.valid).toBe(false);
    expect(preview.body.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [4, 'DUPLICATE_CODE'],
      [5, 'UNKNOWN_PARENT'],
      [6, 'BAD_PHONE'],
    ]);
    expect(preview.body.rows).toHaveLength(6);

    const refused = await http()
      .post('/api/admin/org-import')
      .set('authorization', admin)
      .send(body)
      .expect(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.code).toBe('IMPORT_INVALID');
    expect(refused.body.errors).toHaveLength(3);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'row 4 · 组织编码',
      'row 5 · 上级组织编码',
      'row 6 · 书记手机号',
    ]);
    expect(
      await count(`SELECT count(*)::int AS n FROM org_unit WHERE county_id = $1`, [a.county.id]),
    ).toBe(before);
    expect(
      await count(`SELECT count(*)::int AS n FROM app_user WHERE county_id = $1`, [a.county.id]),
    ).toBe(users);

    // Fixed, the same file imports, with a village placed under an existing township.
    rows[2][0] = 'X1-V2';
    rows[3][3] = 'X1';
    rows[4][5] = '13800002222';
    const fixed = await http()
      .post('/api/admin/org-import')
      .set('authorization', admin)
      .send({ fileName: 'fixed.csv', contentBase64: csv(rows) })
      .expect(201);
    expect(fixed.body).toMatchObject({ organisations: 6, secretaries: 2 });
    const unreadable = await http()
      .post('/api/admin/org-import/preview')
      .set('authorization', admin)
      .send({ fileName: 'x.xlsx', contentBase64: Buffer.from('not a workbook').toString('base64') })
      .expect(400);
    expect(unreadable.body.code).toBe('IMPORT_UNREADABLE');
  });

  run('serves the import template as xlsx and csv, with Chinese headers', async () => {
    const admin = await as(a.users.admin);
    const xlsx = await http()
      .get('/api/admin/org-import/template?format=xlsx')
      .set('authorization', admin)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(xlsx.headers['content-disposition']).toContain("filename*=UTF-8''");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as Parameters<ExcelJS.Xlsx['load']>[0]);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['组织导入', '填写示例', '填写说明']);
    expect(workbook.worksheets[0].getRow(1).getCell(1).text).toBe('组织编码*');
    const text = await http()
      .get('/api/admin/org-import/template?format=csv')
      .set('authorization', admin)
      .expect(200);
    expect(text.text).toContain('组织编码*,组织名称*,组织类型*,上级组织编码');
  });

  run('adds, renames, closes and reopens organisations with clear refusals', async () => {
    const admin = await as(a.users.admin);
    const created = await http()
      .post('/api/admin/orgs')
      .set('authorization', admin)
      .send({
        parentId: a.township.id,
        kind: 'village',
        code: `${a.township.code}-NEW`,
        name: '新建村',
      })
      .expect(201);
    expect(created.body).toMatchObject({ depth: 2, status: 'active', parentId: a.township.id });
    expect(created.body.ancestors.map((o: { id: string }) => o.id)).toEqual([
      a.county.id,
      a.township.id,
    ]);
    const id = created.body.id as string;

    const wrongKind = await http()
      .post('/api/admin/orgs')
      .set('authorization', admin)
      .send({ parentId: a.county.id, kind: 'village', code: 'V-X', name: '直属村' })
      .expect(400);
    expect(wrongKind.body.code).toBe('ORG_KIND_NOT_ALLOWED');
    const taken = await http()
      .patch(`/api/admin/orgs/${id}`)
      .set('authorization', admin)
      .send({ code: a.villages[0].code })
      .expect(409);
    expect(taken.body.code).toBe('ORG_CODE_TAKEN');
    const renamed = await http()
      .patch(`/api/admin/orgs/${id}`)
      .set('authorization', admin)
      .send({ name: '新建村（更名）' })
      .expect(200);
    expect(renamed.body.name).toBe('新建村（更名）');
    const busy = await http()
      .post(`/api/admin/orgs/${a.township.id}/close`)
      .set('authorization', admin)
      .expect(409);
    expect(busy.body.code).toBe('ORG_HAS_ACTIVE_CHILDREN');
    await http().post(`/api/admin/orgs/${id}/close`).set('authorization', admin).expect(200);
    const underClosed = await http()
      .post('/api/admin/orgs')
      .set('authorization', admin)
      .send({ parentId: id, kind: 'village', code: 'V-Y', name: '某村' })
      .expect(409);
    expect(underClosed.body.code).toBe('ORG_CLOSED');
    const reopened = await http()
      .post(`/api/admin/orgs/${id}/reopen`)
      .set('authorization', admin)
      .expect(200);
    expect(reopened.body.status).toBe('active');
    const root = await http()
      .post(`/api/admin/orgs/${a.county.id}/close`)
      .set('authorization', admin)
      .expect(400);
    expect(root.body.code).toBe('ORG_IS_ROOT');
    const actions = await shuping.db.dataSource.query<{ action: string }[]>(
      `SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id`,
      [id],
    );
    expect(actions.map((r) => r.action)).toEqual([
      'org.create',
      'org.update',
      'org.close',
      'org.reopen',
    ]);
  });

  run("moving a township moves its villages' scopes and their open tasks", async () => {
    const admin = await as(a.users.admin);
    // Villages of the first township are under review: tasks are offered to their secretaries.
    const setup = app.get(CountySetupService);
    const ids = await setup.installTemplates(a.county.id, [
      {
        file: 'standard-review.json',
        document: JSON.parse(readFileSync('workflows/standard-review.json', 'utf8')),
      },
    ]);
    const launched = await http()
      .post('/api/campaigns')
      .set('authorization', admin)
      .send({
        name: '述职评议',
        definitionId: ids.get('standard-review'),
        scopeOrgId: a.township.id,
        orgKinds: ['village'],
      })
      .expect(202);
    // Join the background launch instead of polling while it runs.
    await app.get(CampaignLauncher).start(launched.body.id as string);
    // A second township (after a merger, the first becomes one of its districts).
    const t2 = (
      await http()
        .post('/api/admin/orgs')
        .set('authorization', admin)
        .send({
          parentId: a.county.id,
          kind: 'township',
          code: `${a.township.code}-NEW2`,
          name: '合并后新镇',
        })
        .expect(201)
    ).body as { id: string; path: string };

    const into = await http()
      .post(`/api/admin/orgs/${t2.id}/move`)
      .set('authorization', admin)
      .send({ parentId: a.villages[0].id })
      .expect(400);
    expect(into.body.code).toBe('ORG_KIND_NOT_ALLOWED');
    const under = await http()
      .post(`/api/admin/orgs/${a.township.id}/move`)
      .set('authorization', admin)
      .send({ parentId: a.villages[0].id })
      .expect(400);
    expect(under.body.code).toBe('ORG_MOVE_INTO_ITSELF');
    const self = await http()
      .post(`/api/admin/orgs/${t2.id}/move`)
      .set('authorization', admin)
      .send({ parentId: t2.id })
      .expect(400);
    expect(self.body.code).toBe('ORG_MOVE_INTO_ITSELF');

    const moved = await http()
      .post(`/api/admin/orgs/${a.township.id}/move`)
      .set('authorization', admin)
      .send({ parentId: t2.id })
      .expect(200);
    const newTownshipPath = `${t2.path}${a.township.id}/`;
    expect(moved.body).toMatchObject({ parentId: t2.id, depth: 2, path: newTownshipPath });
    const villages = await shuping.db.dataSource.query<
      { id: string; path: string; depth: number }[]
    >(`SELECT id, path, depth FROM org_unit WHERE parent_id = $1 ORDER BY code`, [a.township.id]);
    expect(villages.length).toBeGreaterThanOrEqual(3);
    for (const v of villages)
      expect(v).toMatchObject({ path: `${newTownshipPath}${v.id}/`, depth: 3 });
    // The village secretary's role scope follows (a fresh login resolves it through the path).
    const me = (
      await http()
        .get('/api/me')
        .set('authorization', await login(app, a.users.villages[0]))
        .expect(200)
    ).body as { roles: { role: string; orgPath: string }[] };
    expect(me.roles[0].orgPath).toBe(`${newTownshipPath}${a.villages[0].id}/`);
    // Open tasks offered to the villages carry the new path: their secretaries still see them.
    const paths = await shuping.db.dataSource.query<{ candidate_org_path: string }[]>(
      `SELECT candidate_org_path FROM task WHERE county_id = $1 AND status = 'open'`,
      [a.county.id],
    );
    expect(paths.length).toBeGreaterThanOrEqual(3);
    for (const p of paths) expect(p.candidate_org_path.startsWith(newTownshipPath)).toBe(true);
    const inbox = await http()
      .get('/api/tasks')
      .set('authorization', await login(app, a.users.villages[0]))
      .expect(200);
    expect(inbox.body.length).toBeGreaterThanOrEqual(1);
    // The villages' superior scope moved too: the new township's tree contains them.
    const tree = (await http().get('/api/admin/orgs').set('authorization', admin).expect(200))
      .body as {
      id: string;
      path: string;
    }[];
    expect(tree.find((o) => o.id === a.villages[1].id)!.path.startsWith(t2.path)).toBe(true);
    const [audit] = await shuping.db.dataSource.query<
      { detail: { organisations: number; openTasks: number } }[]
    >(`SELECT detail FROM audit_log WHERE action = 'org.move' AND target_id = $1`, [a.township.id]);
    expect(audit.detail.organisations).toBe(villages.length + 1);
    expect(audit.detail.openTasks).toBeGreaterThanOrEqual(3);
  });

  run('keeps counties apart and administration to administrators', async () => {
    const otherAdmin = await login(app, b.users.admin);
    const hidden = await http()
      .get(`/api/admin/orgs/${a.township.id}`)
      .set('authorization', otherAdmin)
      .expect(404);
    expect(hidden.body.code).toBe('NOT_FOUND');
    await http()
      .post(`/api/admin/orgs/${a.township.id}/move`)
      .set('authorization', otherAdmin)
      .send({ parentId: b.county.id })
      .expect(404);
    const secretary = await http()
      .get('/api/admin/orgs')
      .set('authorization', await as(a.users.township))
      .expect(403);
    expect(secretary.body.code).toBe('NOT_COUNTY_ADMIN');
    const bad = await http()
      .post('/api/admin/orgs')
      .set('authorization', await as(a.users.admin))
      .send({ parentId: a.county.id, kind: 'township', code: 'T', name: 'x', extra: 1 })
      .expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });
});
