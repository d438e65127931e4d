import {
  ApartmentOutlined,
  DragOutlined,
  EditOutlined,
  LinkOutlined,
  PlusOutlined,
  StopOutlined,
  UndoOutlined,
  UploadOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import {
  CHILD_KINDS,
  linkKindLabels,
  orgKindLabels,
  roleLabels,
  secretaryRoleOf,
  type AdminOrg,
  type AdminOrgDetail,
  type AdminOrgKind,
  type OrgLinkView,
  type RoleHolder,
} from '@shuping/contracts';
import {
  App as AntApp,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Tree,
  Typography,
  type TreeDataNode,
} from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../api/client';
import { errorText } from './admin-api';
import { useAdminText } from './admin-messages';
import { OrgPicker, UserPicker } from './admin-widgets';
import { OrgImportDrawer } from './org-import-drawer';
import { buildOrgTree, filterOrgTree, moveTargets, type OrgTreeNode } from './org-tree';

type Dialog = 'add' | 'edit' | 'move' | 'secretary' | 'link' | null;

const day = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD') : '—');

/** The organisation tree with a detail panel: add, edit, move, close, secretaries, links, import. */
export function OrgsSection() {
  const { t, language } = useAdminText();
  const { message } = AntApp.useApp();
  const [orgs, setOrgs] = useState<AdminOrg[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [detail, setDetail] = useState<AdminOrgDetail | null>(null);
  const [query, setQuery] = useState('');
  const [expanded, setExpanded] = useState<string[]>([]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [importing, setImporting] = useState(false);

  const load = useCallback(async () => {
    const list = await api<AdminOrg[]>('/admin/orgs');
    setOrgs(list);
    setSelected((current) => current ?? list[0]?.id ?? null);
  }, []);
  const loadDetail = useCallback(async (id: string) => {
    setDetail(await api<AdminOrgDetail>(`/admin/orgs/${id}`));
  }, []);

  useEffect(() => {
    load().catch((e: unknown) => void message.error(errorText(e)));
  }, [load, message]);
  useEffect(() => {
    if (selected) loadDetail(selected).catch((e: unknown) => void message.error(errorText(e)));
  }, [selected, loadDetail, message]);

  const roots = useMemo(() => buildOrgTree(orgs ?? []), [orgs]);
  const filtered = useMemo(() => filterOrgTree(roots, query), [roots, query]);
  useEffect(() => {
    // Expand the county and the townships at first, everything matching while searching.
    setExpanded(query ? filtered.expanded : roots.map((r) => r.key));
  }, [query, filtered, roots]);

  /** Runs an action, then reloads the tree and the selected organisation. */
  const act = async (work: () => Promise<unknown>, after?: string) => {
    try {
      await work();
      void message.success(t('done'));
      setDialog(null);
      await load();
      const next = after ?? selected;
      if (next) {
        setSelected(next);
        await loadDetail(next);
      }
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  const title = (n: OrgTreeNode): ReactNode => (
    <Space size={4}>
      <span>{n.org.name}</span>
      <Tag color={n.org.kind === 'county' ? 'red' : undefined}>
        {orgKindLabels[n.org.kind][language]}
      </Tag>
      {n.org.status === 'closed' && <Tag>{t('closed')}</Tag>}
      {n.org.secretaries.length > 0 && (
        <Typography.Text type="secondary">{n.org.secretaries.join('、')}</Typography.Text>
      )}
    </Space>
  );
  const treeData = (nodes: OrgTreeNode[]): TreeDataNode[] =>
    nodes.map((n) => ({ key: n.key, title: title(n), children: treeData(n.children) }));

  if (!orgs) return <Spin />;
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card
            title={
              <Space>
                <ApartmentOutlined />
                {t('tabOrgs')}
                <Typography.Text type="secondary">{orgs.length}</Typography.Text>
              </Space>
            }
            extra={
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
                {t('importTree')}
              </Button>
            }
          >
            <Input.Search
              placeholder={t('searchOrgs')}
              allowClear
              onChange={(e) => setQuery(e.target.value)}
              style={{ marginBottom: 12 }}
              aria-label={t('searchOrgs')}
            />
            <Tree
              treeData={treeData(filtered.nodes)}
              expandedKeys={expanded}
              onExpand={(keys) => setExpanded(keys.map(String))}
              selectedKeys={selected ? [selected] : []}
              onSelect={(keys) => keys[0] && setSelected(String(keys[0]))}
              height={560}
              blockNode
              aria-label={t('tabOrgs')}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          {detail ? (
            <OrgDetail
              detail={detail}
              onDialog={setDialog}
              onClose={() => act(() => api(`/admin/orgs/${detail.id}/close`, { method: 'POST' }))}
              onReopen={() => act(() => api(`/admin/orgs/${detail.id}/reopen`, { method: 'POST' }))}
              onEndLink={(link) =>
                act(() => api(`/admin/links/${link.id}/end`, { method: 'POST' }))
              }
              onSelect={setSelected}
            />
          ) : (
            <Card>
              <Empty description={t('pickOrg')} />
            </Card>
          )}
        </Col>
      </Row>

      {detail && dialog === 'add' && (
        <AddChildModal
          parent={detail}
          onCancel={() => setDialog(null)}
          onSubmit={(values) =>
            act(
              async () =>
                (
                  await api<AdminOrgDetail>('/admin/orgs', {
                    method: 'POST',
                    body: { parentId: detail.id, ...values },
                  })
                ).id,
            )
          }
        />
      )}
      {detail && dialog === 'edit' && (
        <FormModal
          title={t('rename')}
          initial={{ code: detail.code, name: detail.name }}
          onCancel={() => setDialog(null)}
          onSubmit={(values) =>
            act(() => api(`/admin/orgs/${detail.id}`, { method: 'PATCH', body: values }))
          }
        >
          <Form.Item
            name="code"
            label={t('code')}
            rules={[{ required: true, message: t('required') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('name')}
            rules={[{ required: true, message: t('required') }]}
          >
            <Input />
          </Form.Item>
        </FormModal>
      )}
      {detail && dialog === 'move' && (
        <FormModal
          title={`${t('move')}：${detail.name}`}
          initial={{}}
          onCancel={() => setDialog(null)}
          onSubmit={(values) =>
            act(() => api(`/admin/orgs/${detail.id}/move`, { method: 'POST', body: values }))
          }
        >
          <Typography.Paragraph type="secondary">{t('moveHint')}</Typography.Paragraph>
          <Form.Item
            name="parentId"
            label={t('newParent')}
            rules={[{ required: true, message: t('required') }]}
          >
            <OrgPicker
              orgs={orgs}
              allow={(o) => moveTargets(orgs, detail).some((target) => target.id === o.id)}
            />
          </Form.Item>
        </FormModal>
      )}
      {detail && dialog === 'secretary' && (
        <FormModal
          title={`${t('appointSecretary')}：${detail.name}`}
          initial={{}}
          onCancel={() => setDialog(null)}
          onSubmit={(values) =>
            act(() => api(`/admin/orgs/${detail.id}/secretary`, { method: 'POST', body: values }))
          }
        >
          <Typography.Paragraph type="secondary">{t('appointHint')}</Typography.Paragraph>
          <Form.Item
            name="userId"
            label={t('person')}
            rules={[{ required: true, message: t('required') }]}
          >
            <UserPicker />
          </Form.Item>
          <Form.Item name="note" label={t('note')}>
            <Input maxLength={200} />
          </Form.Item>
        </FormModal>
      )}
      {detail && dialog === 'link' && (
        <FormModal
          title={`${t('addLink')}：${detail.name}`}
          initial={{}}
          onCancel={() => setDialog(null)}
          onSubmit={(values) =>
            act(() =>
              api('/admin/links', { method: 'POST', body: { orgUnitId: detail.id, ...values } }),
            )
          }
        >
          <Typography.Paragraph type="secondary">{t('linkHint')}</Typography.Paragraph>
          <Form.Item
            name="userId"
            label={t('person')}
            rules={[{ required: true, message: t('required') }]}
          >
            <UserPicker />
          </Form.Item>
          <Form.Item name="title" label={t('linkTitle')}>
            <Input maxLength={64} />
          </Form.Item>
        </FormModal>
      )}
      <OrgImportDrawer
        open={importing}
        onClose={() => setImporting(false)}
        onImported={() => void load()}
      />
    </>
  );
}

function OrgDetail({
  detail,
  onDialog,
  onClose,
  onReopen,
  onEndLink,
  onSelect,
}: {
  detail: AdminOrgDetail;
  onDialog: (dialog: Dialog) => void;
  onClose: () => Promise<void>;
  onReopen: () => Promise<void>;
  onEndLink: (link: OrgLinkView) => Promise<void>;
  onSelect: (id: string) => void;
}) {
  const { t, language } = useAdminText();
  const isRoot = detail.parentId === null;
  const canHaveSecretary = secretaryRoleOf(detail.kind) !== null;
  const canLink = detail.kind !== 'county' && detail.kind !== 'department';
  const holderColumns = [
    { title: t('displayName'), dataIndex: 'displayName', key: 'name' },
    {
      title: t('role'),
      key: 'role',
      render: (_: unknown, r: RoleHolder) => (
        <Space size={4}>
          {roleLabels[r.role][language]}
          {r.raterGroup && <Tag>{r.raterGroup}</Tag>}
          {r.standInFor && (
            <Tag color="orange">{`${t('standInPerson')} · ${r.standInFor.displayName}`}</Tag>
          )}
        </Space>
      ),
    },
    {
      title: t('period'),
      key: 'period',
      render: (_: unknown, r: RoleHolder) =>
        `${day(r.validFrom)} — ${r.validTo ? day(r.validTo) : ''}`,
    },
    {
      title: t('status'),
      key: 'status',
      render: (_: unknown, r: RoleHolder) =>
        r.current ? <Tag color="green">{t('current')}</Tag> : <Tag>{t('ended')}</Tag>,
    },
  ];
  const linkColumns = [
    { title: t('displayName'), dataIndex: 'displayName', key: 'name' },
    {
      title: t('linkTitle'),
      dataIndex: 'title',
      key: 'title',
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('kind'),
      key: 'kind',
      render: (_: unknown, l: OrgLinkView) => linkKindLabels[l.kind][language],
    },
    {
      title: t('period'),
      key: 'period',
      render: (_: unknown, l: OrgLinkView) =>
        `${day(l.validFrom)} — ${l.validTo ? day(l.validTo) : ''}`,
    },
    {
      title: t('actions'),
      key: 'actions',
      render: (_: unknown, l: OrgLinkView) =>
        l.validTo ? (
          <Tag>{t('ended')}</Tag>
        ) : (
          <Popconfirm title={t('endLink')} onConfirm={() => void onEndLink(l)}>
            <Button size="small">{t('endLink')}</Button>
          </Popconfirm>
        ),
    },
  ];
  return (
    <Card
      title={
        <Space>
          {detail.name}
          <Tag color="red">{orgKindLabels[detail.kind][language]}</Tag>
          {detail.status === 'closed' && <Tag>{t('closed')}</Tag>}
        </Space>
      }
    >
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[...detail.ancestors, detail].map((o) => ({
          key: o.id,
          title: o.id === detail.id ? o.name : <a onClick={() => onSelect(o.id)}>{o.name}</a>,
        }))}
      />
      <Space wrap style={{ marginBottom: 16 }}>
        {CHILD_KINDS[detail.kind].length > 0 && detail.status === 'active' && (
          <Button icon={<PlusOutlined />} onClick={() => onDialog('add')}>
            {t('addChild')}
          </Button>
        )}
        <Button icon={<EditOutlined />} onClick={() => onDialog('edit')}>
          {t('rename')}
        </Button>
        {!isRoot && (
          <Button icon={<DragOutlined />} onClick={() => onDialog('move')}>
            {t('move')}
          </Button>
        )}
        {canHaveSecretary && detail.status === 'active' && (
          <Button
            type="primary"
            icon={<UserSwitchOutlined />}
            onClick={() => onDialog('secretary')}
          >
            {t('appointSecretary')}
          </Button>
        )}
        {canLink && detail.status === 'active' && (
          <Button icon={<LinkOutlined />} onClick={() => onDialog('link')}>
            {t('addLink')}
          </Button>
        )}
        {!isRoot &&
          (detail.status === 'active' ? (
            <Popconfirm title={t('closeConfirm')} onConfirm={() => void onClose()}>
              <Button danger icon={<StopOutlined />}>
                {t('close')}
              </Button>
            </Popconfirm>
          ) : (
            <Button icon={<UndoOutlined />} onClick={() => void onReopen()}>
              {t('reopen')}
            </Button>
          ))}
      </Space>
      <Descriptions
        size="small"
        column={2}
        bordered
        items={[
          { key: 'code', label: t('code'), children: detail.code },
          { key: 'kind', label: t('kind'), children: orgKindLabels[detail.kind][language] },
          {
            key: 'secretary',
            label: t('secretary'),
            children: detail.secretaries.length ? detail.secretaries.join('、') : t('none'),
          },
          {
            key: 'leaders',
            label: t('linkedLeaders'),
            children: detail.linkedLeaders.length ? detail.linkedLeaders.join('、') : t('none'),
          },
          { key: 'children', label: t('children'), children: detail.childCount },
          { key: 'reviews', label: t('runningReviews'), children: detail.activeInstances },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('roleHolders')}
      </Typography.Title>
      <Table
        size="small"
        rowKey="assignmentId"
        columns={holderColumns}
        dataSource={detail.roleHolders}
        pagination={{ pageSize: 8, hideOnSinglePage: true }}
      />
      {canLink && (
        <>
          <Typography.Title level={5}>{t('links')}</Typography.Title>
          <Table
            size="small"
            rowKey="id"
            columns={linkColumns}
            dataSource={detail.links}
            pagination={{ pageSize: 8, hideOnSinglePage: true }}
          />
        </>
      )}
    </Card>
  );
}

function AddChildModal({
  parent,
  onCancel,
  onSubmit,
}: {
  parent: AdminOrgDetail;
  onCancel: () => void;
  onSubmit: (values: { kind: AdminOrgKind; code: string; name: string }) => Promise<void>;
}) {
  const { t, language } = useAdminText();
  const kinds = CHILD_KINDS[parent.kind];
  return (
    <FormModal
      title={`${t('addChild')}：${parent.name}`}
      initial={{
        kind: kinds.find((k) => k !== 'township' || parent.kind === 'county') ?? kinds[0],
      }}
      onCancel={onCancel}
      onSubmit={onSubmit}
    >
      <Form.Item name="kind" label={t('kind')} rules={[{ required: true, message: t('required') }]}>
        <Select options={kinds.map((k) => ({ value: k, label: orgKindLabels[k][language] }))} />
      </Form.Item>
      <Form.Item name="code" label={t('code')} rules={[{ required: true, message: t('required') }]}>
        <Input />
      </Form.Item>
      <Form.Item name="name" label={t('name')} rules={[{ required: true, message: t('required') }]}>
        <Input />
      </Form.Item>
    </FormModal>
  );
}

/** A modal with a form; submitting waits for `onSubmit`. */
export function FormModal<T extends object>({
  title,
  initial,
  onCancel,
  onSubmit,
  children,
}: {
  title: string;
  initial: Partial<T>;
  onCancel: () => void;
  onSubmit: (values: T) => Promise<void>;
  children: ReactNode;
}) {
  const { t } = useAdminText();
  const [form] = Form.useForm<T>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={title}
      okText={t('confirm')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(values) => {
          setBusy(true);
          void onSubmit(values).finally(() => setBusy(false));
        }}
      >
        {children}
      </Form>
    </Modal>
  );
}
