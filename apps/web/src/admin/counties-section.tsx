import { PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import type { CountyCreated, CountyView, OneTimePassword } from '@shuping/contracts';
import { App as AntApp, Button, Card, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import { errorText } from './admin-api';
import { useAdminText } from './admin-messages';
import { PasswordsModal } from './admin-widgets';
import { FormModal } from './orgs-section';

interface AdminValues {
  username: string;
  displayName: string;
  phone?: string;
}

function AdminFields() {
  const { t } = useAdminText();
  return (
    <>
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
    </>
  );
}

const adminBody = (v: AdminValues) => ({
  username: v.username,
  displayName: v.displayName,
  ...(v.phone ? { phone: v.phone } : {}),
});

/** Provincial administrators: counties (tenants) and their administrators. */
export function CountiesSection() {
  const { t } = useAdminText();
  const { message } = AntApp.useApp();
  const [counties, setCounties] = useState<CountyView[]>([]);
  const [dialog, setDialog] = useState<
    { kind: 'county' } | { kind: 'invite'; county: CountyView } | null
  >(null);
  const [passwords, setPasswords] = useState<OneTimePassword[]>([]);
  const load = useCallback(async () => setCounties(await api<CountyView[]>('/admin/counties')), []);
  useEffect(() => {
    load().catch((e: unknown) => void message.error(errorText(e)));
  }, [load, message]);
  const done = async (otp: OneTimePassword) => {
    setDialog(null);
    setPasswords([otp]);
    await load();
  };
  return (
    <Card
      title={t('tabCounties')}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setDialog({ kind: 'county' })}
        >
          {t('addCounty')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('countiesIntro')}</Typography.Paragraph>
      <Table
        size="small"
        rowKey="id"
        dataSource={counties}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('countyCode'), dataIndex: 'code', key: 'code' },
          { title: t('countyName'), dataIndex: 'name', key: 'name' },
          { title: t('organisations'), dataIndex: 'organisations', key: 'orgs' },
          { title: t('users'), dataIndex: 'users', key: 'users' },
          {
            title: t('admins'),
            key: 'admins',
            render: (_: unknown, c: CountyView) => (
              <Space size={[4, 4]} wrap>
                {c.admins.map((a) => (
                  <Tag key={a.userId} color={a.mustChangePassword ? 'gold' : 'green'}>
                    {a.displayName}（{a.username}）
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('actions'),
            key: 'actions',
            render: (_: unknown, c: CountyView) => (
              <Button
                size="small"
                icon={<UserAddOutlined />}
                onClick={() => setDialog({ kind: 'invite', county: c })}
              >
                {t('inviteAdmin')}
              </Button>
            ),
          },
        ]}
      />
      {dialog?.kind === 'county' && (
        <FormModal<{ code: string; name: string } & AdminValues>
          title={t('addCounty')}
          initial={{}}
          onCancel={() => setDialog(null)}
          onSubmit={async (v) => {
            try {
              const created = await api<CountyCreated>('/admin/counties', {
                method: 'POST',
                body: { code: v.code, name: v.name, admin: adminBody(v) },
              });
              await done(created.admin);
            } catch (e) {
              void message.error(errorText(e));
            }
          }}
        >
          <Form.Item
            name="name"
            label={t('countyName')}
            rules={[{ required: true, message: t('required') }]}
          >
            <Input maxLength={128} />
          </Form.Item>
          <Form.Item
            name="code"
            label={t('countyCode')}
            rules={[{ required: true, message: t('required') }]}
          >
            <Input maxLength={64} />
          </Form.Item>
          <Typography.Title level={5}>{t('firstAdmin')}</Typography.Title>
          <AdminFields />
        </FormModal>
      )}
      {dialog?.kind === 'invite' && (
        <FormModal<AdminValues>
          title={`${t('inviteAdmin')}：${dialog.county.name}`}
          initial={{}}
          onCancel={() => setDialog(null)}
          onSubmit={async (v) => {
            try {
              await done(
                await api<OneTimePassword>(`/admin/counties/${dialog.county.id}/admins`, {
                  method: 'POST',
                  body: adminBody(v),
                }),
              );
            } catch (e) {
              void message.error(errorText(e));
            }
          }}
        >
          <AdminFields />
        </FormModal>
      )}
      <PasswordsModal passwords={passwords} onClose={() => setPasswords([])} />
    </Card>
  );
}
