import {
  KeyOutlined,
  PlusOutlined,
  SafetyOutlined,
  StopOutlined,
  SwapOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import {
  ASSIGNABLE_ROLES,
  raterGroupLabels,
  roleLabels,
  type AdminOrg,
  type AdminUser,
  type AdminUserDetail,
  type AssignableRole,
  type OneTimePassword,
  type StandInView,
  type UserPage,
} from '@shuping/contracts';
import {
  App as AntApp,
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import { errorText } from './admin-api';
import { useAdminText } from './admin-messages';
import { OrgPicker, PasswordsModal, UserPicker } from './admin-widgets';
import { FormModal } from './orgs-section';

const day = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD') : '');
/** The last day of a period that ends at a midnight (exclusive end → inclusive day). */
const lastDay = (iso: string) => dayjs(iso).subtract(1, 'day').format('YYYY-MM-DD');

function useOrgs(): AdminOrg[] {
  const [orgs, setOrgs] = useState<AdminOrg[]>([]);
  useEffect(() => {
    api<AdminOrg[]>('/admin/orgs')
      .then(setOrgs)
      .catch(() => setOrgs([]));
  }, []);
  return orgs;
}

function AccountTags({ user }: { user: AdminUser }) {
  const { t } = useAdminText();
  return (
    <Space size={4}>
      {!user.active && <Tag color="red">{t('inactive')}</Tag>}
      {user.active && !user.hasPassword && <Tag color="orange">{t('noPassword')}</Tag>}
      {user.active && user.hasPassword && user.mustChangePassword && (
        <Tag color="gold">{t('mustChange')}</Tag>
      )}
      {user.active && user.hasPassword && !user.mustChangePassword && (
        <Tag color="green">{t('active')}</Tag>
      )}
    </Space>
  );
}

/** People of the county: search, create, and a drawer per person for roles, stand-ins and access. */
export function PeopleSection() {
  const { t, language } = useAdminText();
  const { message } = AntApp.useApp();
  const orgs = useOrgs();
  const [page, setPage] = useState<UserPage>({ total: 0, items: [] });
  const [query, setQuery] = useState({ q: '', role: '', offset: 0 });
  const [open, setOpen] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [passwords, setPasswords] = useState<OneTimePassword[]>([]);

  const load = useCallback(async () => {
    const params = new URLSearchParams({ limit: '20', offset: String(query.offset) });
    if (query.q) params.set('q', query.q);
    if (query.role) params.set('role', query.role);
    setPage(await api<UserPage>(`/admin/users?${params.toString()}`));
  }, [query]);
  useEffect(() => {
    load().catch((e: unknown) => void message.error(errorText(e)));
  }, [load, message]);

  const columns = [
    { title: t('displayName'), dataIndex: 'displayName', key: 'name' },
    { title: t('username'), dataIndex: 'username', key: 'username' },
    {
      title: t('homeOrg'),
      dataIndex: 'orgName',
      key: 'org',
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('roles'),
      key: 'roles',
      render: (_: unknown, u: AdminUser) => (
        <Space size={[4, 4]} wrap>
          {u.roles.map((r) => (
            <Tag key={r.assignmentId} color={r.standIn ? 'orange' : 'blue'}>
              {roleLabels[r.role][language]}
              {r.orgName ? ` · ${r.orgName}` : ''}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('accountState'),
      key: 'state',
      render: (_: unknown, u: AdminUser) => <AccountTags user={u} />,
    },
  ];

  return (
    <Card
      title={t('tabPeople')}
      extra={
        <Button type="primary" icon={<UserAddOutlined />} onClick={() => setCreating(true)}>
          {t('addPerson')}
        </Button>
      }
    >
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search
          placeholder={t('pickPerson')}
          allowClear
          aria-label={t('search')}
          onSearch={(q) => setQuery({ ...query, q, offset: 0 })}
          style={{ width: 280 }}
        />
        <Select
          allowClear
          placeholder={t('role')}
          style={{ width: 220 }}
          onChange={(role: string | undefined) =>
            setQuery({ ...query, role: role ?? '', offset: 0 })
          }
          options={[...ASSIGNABLE_ROLES, 'linked_leader' as const].map((r) => ({
            value: r,
            label: roleLabels[r][language],
          }))}
        />
        <Typography.Text type="secondary">{t('total', { n: page.total })}</Typography.Text>
      </Space>
      <Table
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={page.items}
        onRow={(u) => ({ onClick: () => setOpen(u.id), style: { cursor: 'pointer' } })}
        pagination={{
          current: query.offset / 20 + 1,
          pageSize: 20,
          total: page.total,
          showSizeChanger: false,
          onChange: (n) => setQuery({ ...query, offset: (n - 1) * 20 }),
        }}
      />
      {open && (
        <UserDrawer
          userId={open}
          orgs={orgs}
          onClose={() => {
            setOpen(null);
            void load();
          }}
          onPasswords={setPasswords}
        />
      )}
      {creating && (
        <CreateUserModal
          orgs={orgs}
          onCancel={() => setCreating(false)}
          onCreated={(otp) => {
            setCreating(false);
            setPasswords([otp]);
            void load();
          }}
        />
      )}
      <PasswordsModal passwords={passwords} onClose={() => setPasswords([])} />
    </Card>
  );
}

interface CreateValues {
  username: string;
  displayName: string;
  phone?: string;
  orgUnitId: string;
  role?: AssignableRole;
  raterGroup?: string;
}

function CreateUserModal({
  orgs,
  onCancel,
  onCreated,
}: {
  orgs: AdminOrg[];
  onCancel: () => void;
  onCreated: (otp: OneTimePassword) => void;
}) {
  const { t, language } = useAdminText();
  const { message } = AntApp.useApp();
  return (
    <FormModal<CreateValues>
      title={t('addPerson')}
      initial={{}}
      onCancel={onCancel}
      onSubmit={async (v) => {
        try {
          onCreated(
            await api<OneTimePassword>('/admin/users', {
              method: 'POST',
              body: {
                username: v.username,
                displayName: v.displayName,
                ...(v.phone ? { phone: v.phone } : {}),
                orgUnitId: v.orgUnitId,
                roles: v.role
                  ? [
                      {
                        role: v.role,
                        orgUnitId: v.orgUnitId,
                        ...(v.raterGroup ? { raterGroup: v.raterGroup } : {}),
                      },
                    ]
                  : [],
              },
            }),
          );
        } catch (e) {
          void message.error(errorText(e));
        }
      }}
    >
      <Form.Item
        name="displayName"
        label={t('displayName')}
        rules={[{ required: true, message: t('required') }]}
      >
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item
        name="username"
        label={t('username')}
        rules={[{ required: true, message: t('required') }]}
      >
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item name="phone" label={t('phone')}>
        <Input maxLength={20} />
      </Form.Item>
      <Form.Item
        name="orgUnitId"
        label={t('homeOrg')}
        rules={[{ required: true, message: t('required') }]}
      >
        <OrgPicker orgs={orgs} />
      </Form.Item>
      <Form.Item name="role" label={t('role')}>
        <Select
          allowClear
          options={ASSIGNABLE_ROLES.map((r) => ({ value: r, label: roleLabels[r][language] }))}
        />
      </Form.Item>
      <Form.Item noStyle dependencies={['role']}>
        {({ getFieldValue }) => (getFieldValue('role') === 'rater' ? <RaterGroupField /> : null)}
      </Form.Item>
    </FormModal>
  );
}

function RaterGroupField() {
  const { t, language } = useAdminText();
  return (
    <Form.Item
      name="raterGroup"
      label={t('raterGroup')}
      rules={[{ required: true, message: t('required') }]}
    >
      <AutoComplete
        options={Object.entries(raterGroupLabels).map(([value, label]) => ({
          value,
          label: `${label[language]}（${value}）`,
        }))}
      />
    </Form.Item>
  );
}

function UserDrawer({
  userId,
  orgs,
  onClose,
  onPasswords,
}: {
  userId: string;
  orgs: AdminOrg[];
  onClose: () => void;
  onPasswords: (list: OneTimePassword[]) => void;
}) {
  const { t, language } = useAdminText();
  const { message } = AntApp.useApp();
  const [user, setUser] = useState<AdminUserDetail | null>(null);
  const [dialog, setDialog] = useState<'role' | 'standIn' | null>(null);

  const load = useCallback(async () => {
    setUser(await api<AdminUserDetail>(`/admin/users/${userId}`));
  }, [userId]);
  useEffect(() => {
    load().catch((e: unknown) => void message.error(errorText(e)));
  }, [load, message]);

  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      void message.success(t('done'));
      setDialog(null);
      await load();
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  if (!user) return null;
  const current = user.assignments.filter((a) => a.current && !a.standInFor);
  return (
    <Drawer open onClose={onClose} size={820} title={`${user.displayName}（${user.username}）`}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Button icon={<PlusOutlined />} onClick={() => setDialog('role')}>
          {t('grantRole')}
        </Button>
        <Button
          icon={<SwapOutlined />}
          onClick={() => setDialog('standIn')}
          disabled={current.length === 0}
        >
          {t('setStandIn')}
        </Button>
        <Popconfirm
          title={t('resetPassword')}
          onConfirm={() =>
            void act(async () =>
              onPasswords([
                await api<OneTimePassword>(`/admin/users/${user.id}/reset-password`, {
                  method: 'POST',
                }),
              ]),
            )
          }
        >
          <Button icon={<KeyOutlined />}>{t('resetPassword')}</Button>
        </Popconfirm>
        {user.active ? (
          <Popconfirm
            title={t('deactivateConfirm')}
            onConfirm={() =>
              void act(() => api(`/admin/users/${user.id}/deactivate`, { method: 'POST' }))
            }
          >
            <Button danger icon={<StopOutlined />}>
              {t('deactivate')}
            </Button>
          </Popconfirm>
        ) : (
          <Button
            icon={<SafetyOutlined />}
            onClick={() =>
              void act(() => api(`/admin/users/${user.id}/reactivate`, { method: 'POST' }))
            }
          >
            {t('reactivate')}
          </Button>
        )}
      </Space>
      <Descriptions
        size="small"
        column={2}
        bordered
        items={[
          { key: 'phone', label: t('phone'), children: user.phone ?? '—' },
          { key: 'org', label: t('homeOrg'), children: user.orgName ?? '—' },
          { key: 'state', label: t('accountState'), children: <AccountTags user={user} /> },
          { key: 'sessions', label: t('sessions'), children: user.activeSessions },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('roleHistory')}
      </Typography.Title>
      <Table
        size="small"
        rowKey="assignmentId"
        dataSource={user.assignments}
        pagination={false}
        columns={[
          {
            title: t('role'),
            key: 'role',
            render: (_: unknown, a: AdminUserDetail['assignments'][number]) => (
              <Space size={4}>
                {roleLabels[a.role][language]}
                {a.raterGroup && (
                  <Tag>{raterGroupLabels[a.raterGroup]?.[language] ?? a.raterGroup}</Tag>
                )}
                {a.standInFor && (
                  <Tag color="orange">{`${t('standInPerson')} · ${a.standInFor.displayName}`}</Tag>
                )}
              </Space>
            ),
          },
          {
            title: t('scope'),
            dataIndex: 'orgName',
            key: 'org',
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('period'),
            key: 'period',
            render: (_: unknown, a: AdminUserDetail['assignments'][number]) =>
              `${day(a.validFrom)} — ${a.validTo ? lastDay(a.validTo) : ''}`,
          },
          {
            title: t('status'),
            key: 'status',
            render: (_: unknown, a: AdminUserDetail['assignments'][number]) =>
              a.current ? (
                <Popconfirm
                  title={t('endRole')}
                  onConfirm={() =>
                    void act(() =>
                      api(`/admin/role-assignments/${a.assignmentId}/end`, { method: 'POST' }),
                    )
                  }
                  disabled={a.role === 'linked_leader'}
                >
                  <Space>
                    <Tag color="green">{t('current')}</Tag>
                    {a.role !== 'linked_leader' && <Button size="small">{t('endRole')}</Button>}
                  </Space>
                </Popconfirm>
              ) : a.validFrom && dayjs(a.validFrom).isAfter(dayjs()) ? (
                <Tag color="blue">{t('upcoming')}</Tag>
              ) : (
                <Tag>{t('ended')}</Tag>
              ),
          },
        ]}
      />
      {user.standIns.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('standIns')}
          </Typography.Title>
          <StandInTable
            rows={user.standIns}
            onEnd={(id) => act(() => api(`/admin/role-assignments/${id}/end`, { method: 'POST' }))}
          />
        </>
      )}
      {dialog === 'role' && (
        <GrantRoleModal
          orgs={orgs}
          defaultOrg={user.orgUnitId ?? undefined}
          onCancel={() => setDialog(null)}
          onSubmit={(body) =>
            act(() => api(`/admin/users/${user.id}/roles`, { method: 'POST', body }))
          }
        />
      )}
      {dialog === 'standIn' && (
        <StandInModal
          user={user}
          onCancel={() => setDialog(null)}
          onSubmit={(body) =>
            act(() => api(`/admin/users/${user.id}/stand-ins`, { method: 'POST', body }))
          }
        />
      )}
    </Drawer>
  );
}

function GrantRoleModal({
  orgs,
  defaultOrg,
  onCancel,
  onSubmit,
}: {
  orgs: AdminOrg[];
  defaultOrg?: string;
  onCancel: () => void;
  onSubmit: (body: Record<string, unknown>) => Promise<void>;
}) {
  const { t, language } = useAdminText();
  return (
    <FormModal<{
      role: AssignableRole;
      orgUnitId: string;
      raterGroup?: string;
      period?: [Dayjs | null, Dayjs | null];
      note?: string;
    }>
      title={t('grantRole')}
      initial={{ orgUnitId: defaultOrg }}
      onCancel={onCancel}
      onSubmit={(v) =>
        onSubmit({
          role: v.role,
          orgUnitId: v.orgUnitId,
          ...(v.raterGroup ? { raterGroup: v.raterGroup } : {}),
          ...(v.period?.[0] ? { validFrom: v.period[0].format('YYYY-MM-DD') } : {}),
          ...(v.period?.[1] ? { validTo: v.period[1].format('YYYY-MM-DD') } : {}),
          ...(v.note ? { note: v.note } : {}),
        })
      }
    >
      <Form.Item name="role" label={t('role')} rules={[{ required: true, message: t('required') }]}>
        <Select
          options={ASSIGNABLE_ROLES.map((r) => ({ value: r, label: roleLabels[r][language] }))}
        />
      </Form.Item>
      <Form.Item
        name="orgUnitId"
        label={t('scope')}
        rules={[{ required: true, message: t('required') }]}
      >
        <OrgPicker orgs={orgs} />
      </Form.Item>
      <Form.Item noStyle dependencies={['role']}>
        {({ getFieldValue }) => {
          const role = getFieldValue('role') as AssignableRole | undefined;
          if (role === 'rater') return <RaterGroupField />;
          if (role === 'township_secretary' || role === 'village_secretary')
            return <Typography.Paragraph type="secondary">{t('appointHint')}</Typography.Paragraph>;
          return (
            <Form.Item name="period" label={t('period')}>
              <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
            </Form.Item>
          );
        }}
      </Form.Item>
      <Form.Item name="note" label={t('note')}>
        <Input maxLength={200} />
      </Form.Item>
    </FormModal>
  );
}

function StandInModal({
  user,
  onCancel,
  onSubmit,
}: {
  user: AdminUserDetail;
  onCancel: () => void;
  onSubmit: (body: Record<string, unknown>) => Promise<void>;
}) {
  const { t, language } = useAdminText();
  const handOver = user.assignments.filter(
    (a) => !a.standInFor && a.role !== 'linked_leader' && (a.current || !a.validTo),
  );
  return (
    <FormModal<{
      standInUserId: string;
      period: [Dayjs, Dayjs];
      assignmentIds?: string[];
      reason?: string;
    }>
      title={`${t('setStandIn')}：${user.displayName}`}
      initial={{ period: [dayjs(), dayjs().add(6, 'day')] }}
      onCancel={onCancel}
      onSubmit={(v) =>
        onSubmit({
          standInUserId: v.standInUserId,
          from: v.period[0].format('YYYY-MM-DD'),
          to: v.period[1].format('YYYY-MM-DD'),
          ...(v.assignmentIds?.length ? { assignmentIds: v.assignmentIds } : {}),
          ...(v.reason ? { reason: v.reason } : {}),
        })
      }
    >
      <Typography.Paragraph type="secondary">{t('standInHint')}</Typography.Paragraph>
      <Form.Item
        name="standInUserId"
        label={t('standInPerson')}
        rules={[{ required: true, message: t('required') }]}
      >
        <UserPicker exclude={user.id} />
      </Form.Item>
      <Form.Item
        name="period"
        label={t('period')}
        rules={[{ required: true, message: t('required') }]}
      >
        <DatePicker.RangePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="assignmentIds" label={t('handOver')}>
        <Select
          mode="multiple"
          allowClear
          options={handOver.map((a) => ({
            value: a.assignmentId,
            label: `${roleLabels[a.role][language]}${a.orgName ? ` · ${a.orgName}` : ''}`,
          }))}
        />
      </Form.Item>
      <Form.Item name="reason" label={t('reason')}>
        <Input maxLength={200} />
      </Form.Item>
    </FormModal>
  );
}

function StandInTable({
  rows,
  onEnd,
}: {
  rows: StandInView[];
  onEnd: (id: string) => Promise<void>;
}) {
  const { t, language } = useAdminText();
  return (
    <Table
      size="small"
      rowKey="assignmentId"
      dataSource={rows}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      columns={[
        { title: t('absentPerson'), dataIndex: 'absentName', key: 'absent' },
        { title: t('standInPerson'), dataIndex: 'standInName', key: 'standIn' },
        {
          title: t('role'),
          key: 'role',
          render: (_: unknown, s: StandInView) =>
            `${roleLabels[s.role][language]}${s.orgName ? ` · ${s.orgName}` : ''}`,
        },
        {
          title: t('period'),
          key: 'period',
          render: (_: unknown, s: StandInView) => `${day(s.validFrom)} — ${lastDay(s.validTo)}`,
        },
        {
          title: t('reason'),
          dataIndex: 'note',
          key: 'note',
          render: (v: string | null) => v ?? '',
        },
        {
          title: t('status'),
          key: 'status',
          render: (_: unknown, s: StandInView) =>
            dayjs(s.validTo).isBefore(dayjs()) ? (
              <Tag>{t('ended')}</Tag>
            ) : (
              <Space>
                <Tag color={s.current ? 'green' : 'blue'}>
                  {s.current ? t('current') : t('upcoming')}
                </Tag>
                <Popconfirm title={t('endRole')} onConfirm={() => void onEnd(s.assignmentId)}>
                  <Button size="small">{t('endRole')}</Button>
                </Popconfirm>
              </Space>
            ),
        },
      ]}
    />
  );
}

/** Every stand-in of the county (current and upcoming, or all). */
export function StandInsSection() {
  const { t } = useAdminText();
  const { message } = AntApp.useApp();
  const [all, setAll] = useState(false);
  const [rows, setRows] = useState<StandInView[]>([]);
  const load = useCallback(async () => {
    setRows(await api<StandInView[]>(`/admin/stand-ins?all=${String(all)}`));
  }, [all]);
  useEffect(() => {
    load().catch((e: unknown) => void message.error(errorText(e)));
  }, [load, message]);
  return (
    <Card
      title={t('tabStandIns')}
      extra={
        <Space>
          {t('showPast')}
          <Switch checked={all} onChange={setAll} aria-label={t('showPast')} />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('standInHint')}</Typography.Paragraph>
      <StandInTable
        rows={rows}
        onEnd={async (id) => {
          try {
            await api(`/admin/role-assignments/${id}/end`, { method: 'POST' });
            await load();
          } catch (e) {
            void message.error(errorText(e));
          }
        }}
      />
    </Card>
  );
}
