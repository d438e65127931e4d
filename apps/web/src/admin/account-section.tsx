import { LockOutlined } from '@ant-design/icons';
import type { AccountStatus } from '@shuping/contracts';
import { Alert, App as AntApp, Button, Card, Form, Input, Spin } from 'antd';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { api } from '../api/client';
import { useAuth } from '../auth/auth-context';
import { errorText } from './admin-api';
import { useAdminText } from './admin-messages';

const PASSWORD_RULE = /^(?=.*[A-Za-z])(?=.*\d).{8,200}$/;

/** Changing one's own password (required after a one-time password). */
export function ChangePasswordForm({ onChanged }: { onChanged: () => void }) {
  const { t } = useAdminText();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ currentPassword: string; newPassword: string; repeat: string }>();
  return (
    <Form
      form={form}
      layout="vertical"
      style={{ maxWidth: 420 }}
      onFinish={(values) => {
        setBusy(true);
        setError(null);
        api<AccountStatus>('/account/password', {
          method: 'POST',
          body: { currentPassword: values.currentPassword, newPassword: values.newPassword },
        })
          .then(() => {
            void message.success(t('passwordChanged'));
            form.resetFields();
            onChanged();
          })
          .catch((e: unknown) => setError(errorText(e)))
          .finally(() => setBusy(false));
      }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form.Item
        name="currentPassword"
        label={t('currentPassword')}
        rules={[{ required: true, message: t('required') }]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('newPassword')}
        rules={[
          { required: true, message: t('required') },
          { pattern: PASSWORD_RULE, message: t('passwordRule') },
        ]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="repeat"
        label={t('repeatPassword')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('required') },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('passwordsDiffer'))),
          }),
        ]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('changePassword')}
      </Button>
    </Form>
  );
}

export function AccountSection() {
  const { t } = useAdminText();
  return (
    <Card title={t('changePassword')}>
      <ChangePasswordForm onChanged={() => undefined} />
    </Card>
  );
}

/**
 * Shows the password change instead of the app while the signed-in person still has a one-time
 * password (the api refuses everything else with PASSWORD_CHANGE_REQUIRED until then).
 */
export function PasswordChangeGate({ children }: { children: ReactNode }) {
  const { me } = useAuth();
  const { t } = useAdminText();
  const [checked, setChecked] = useState<{ userId: string; mustChange: boolean } | null>(null);
  const check = useCallback(() => {
    if (!me) return;
    api<AccountStatus>('/account')
      .then((s) => setChecked({ userId: s.userId, mustChange: s.mustChangePassword }))
      // The api enforces the rule anyway; do not lock the app out when this check fails.
      .catch(() => setChecked({ userId: me.userId, mustChange: false }));
  }, [me]);
  useEffect(check, [check]);
  if (!me) return <>{children}</>;
  if (checked?.userId !== me.userId) return <Spin />;
  if (!checked.mustChange) return <>{children}</>;
  return (
    <AntApp>
      <div style={{ display: 'flex', justifyContent: 'center', paddingTop: '8vh' }}>
        <Card title={t('mustChangeTitle')} style={{ width: 480, maxWidth: '94vw' }}>
          <Alert type="info" showIcon title={t('mustChangeIntro')} style={{ marginBottom: 16 }} />
          <ChangePasswordForm onChanged={check} />
        </Card>
      </div>
    </AntApp>
  );
}
