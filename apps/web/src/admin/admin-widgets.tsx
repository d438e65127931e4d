import { CopyOutlined } from '@ant-design/icons';
import {
  orgKindLabels,
  type AdminOrg,
  type OneTimePassword,
  type UserPage,
} from '@shuping/contracts';
import { Alert, Button, Modal, Select, Space, TreeSelect, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/client';
import { useAdminText } from './admin-messages';
import { buildOrgTree, type OrgTreeNode } from './org-tree';

interface TreeSelectNode {
  value: string;
  title: string;
  disabled?: boolean;
  children: TreeSelectNode[];
}

/** Picks an organisation from the tree (searchable by name or code). */
export function OrgPicker({
  orgs,
  value,
  onChange,
  allow,
  id,
}: {
  orgs: readonly AdminOrg[];
  value?: string;
  onChange?: (value: string) => void;
  /** Which organisations can be chosen (others are shown, greyed). */
  allow?: (org: AdminOrg) => boolean;
  id?: string;
}) {
  const { language } = useAdminText();
  const treeData = useMemo(() => {
    const convert = (n: OrgTreeNode): TreeSelectNode => ({
      value: n.key,
      title: `${n.org.name}（${orgKindLabels[n.org.kind][language]}）`,
      disabled: allow ? !allow(n.org) : n.org.status !== 'active',
      children: n.children.map(convert),
    });
    return buildOrgTree(orgs).map(convert);
  }, [orgs, allow, language]);
  return (
    <TreeSelect
      id={id}
      value={value}
      onChange={onChange}
      treeData={treeData}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll={orgs.length < 60}
      style={{ width: '100%' }}
      listHeight={360}
    />
  );
}

/** Picks a person of the county by name, username or phone (searched on the server). */
export function UserPicker({
  value,
  onChange,
  id,
  exclude,
}: {
  value?: string;
  onChange?: (value: string) => void;
  id?: string;
  exclude?: string;
}) {
  const { t } = useAdminText();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  /** The person chosen: kept among the options, so a later search never shows them as an id. */
  const [chosen, setChosen] = useState<{ value: string; label: string }>();
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  /** Only the latest search answers: an earlier, slower one must not replace its results. */
  const latest = useRef(0);
  const search = (q: string) => {
    clearTimeout(timer.current);
    const request = ++latest.current;
    timer.current = setTimeout(() => {
      setLoading(true);
      api<UserPage>(`/admin/users?active=true&limit=30${q ? `&q=${encodeURIComponent(q)}` : ''}`)
        .then((page) => {
          if (request !== latest.current) return;
          setOptions(
            page.items
              .filter((u) => u.id !== exclude)
              .map((u) => ({
                value: u.id,
                label: `${u.displayName}（${u.username}${u.orgName ? ` · ${u.orgName}` : ''}）`,
              })),
          );
        })
        .catch(() => request === latest.current && setOptions([]))
        .finally(() => request === latest.current && setLoading(false));
    }, 250);
  };
  useEffect(() => {
    search('');
    return () => clearTimeout(timer.current);
  }, []);
  return (
    <Select
      id={id}
      value={value}
      onChange={(next: string, option) => {
        if (option && !Array.isArray(option))
          setChosen({ value: next, label: String(option.label) });
        onChange?.(next);
      }}
      showSearch={{ filterOption: false, onSearch: search }}
      options={
        chosen && chosen.value === value && !options.some((o) => o.value === chosen.value)
          ? [chosen, ...options]
          : options
      }
      loading={loading}
      placeholder={t('pickPerson')}
      style={{ width: '100%' }}
    />
  );
}

/** Shows one-time passwords once, with a copy button. */
export function PasswordsModal({
  passwords,
  onClose,
}: {
  passwords: readonly OneTimePassword[];
  onClose: () => void;
}) {
  const { t } = useAdminText();
  return (
    <Modal
      open={passwords.length > 0}
      title={t('oneTimePassword')}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('confirm')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('otpHint')} style={{ marginBottom: 16 }} />
      <Space orientation="vertical" style={{ width: '100%' }}>
        {passwords.map((p) => (
          <Space key={p.userId} style={{ justifyContent: 'space-between', width: '100%' }}>
            <Typography.Text>
              {p.displayName}（{p.username}）
            </Typography.Text>
            <Typography.Text code copyable={{ icon: <CopyOutlined /> }} data-testid="otp">
              {p.oneTimePassword}
            </Typography.Text>
          </Space>
        ))}
      </Space>
    </Modal>
  );
}
