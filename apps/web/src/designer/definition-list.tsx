import { ImportOutlined, PlusOutlined } from '@ant-design/icons';
import type { WorkflowDefinition } from '@shuping/engine';
import {
  App as AntApp,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Radio,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useAuth } from '../auth/auth-context';
import { useI18n } from '../i18n';
import { definitionsApi, isDrawableDefinition, type DefinitionSummary } from './designer-api';
import { format, pick, ui } from './designer-messages';
import { TEMPLATES } from './templates';

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A blank process: a start and an end, nothing in between yet. */
function blankDefinition(id: string): WorkflowDefinition {
  return {
    id,
    schemaVersion: 1,
    name: { zh: '新流程', en: 'New process' },
    machine: {
      id: 'process',
      states: {
        done: {
          type: 'final',
          meta: { kind: 'end', title: { zh: '结束', en: 'End' }, position: { x: 600, y: 0 } },
        },
      },
    },
  };
}

interface CreateValues {
  source: string;
  id: string;
  nameZh: string;
  nameEn: string;
}

/** New definition: blank, from a template or from an imported file, with an id chosen by the user. */
function CreateDialog({
  open,
  imported,
  taken,
  onClose,
}: {
  open: boolean;
  imported: WorkflowDefinition | null;
  taken: readonly string[];
  onClose: () => void;
}) {
  const { language } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<CreateValues>();
  const [busy, setBusy] = useState(false);
  const sources = [
    ...(imported ? [{ id: 'imported', definition: imported }] : []),
    ...TEMPLATES.map((t) => ({ id: t.id, definition: t })),
  ];
  const suggest = (source: string) => {
    const base = sources.find((s) => s.id === source)?.definition;
    let id = base ? base.id : 'my-review';
    for (let i = 2; taken.includes(id); i += 1) id = `${base?.id ?? 'my-review'}-${i}`;
    const copy = base && source !== 'imported' ? pick(ui.copySuffix, 'zh') : '';
    form.setFieldsValue({
      id,
      nameZh: base ? `${base.name.zh}${copy}` : '新流程',
      nameEn: base
        ? `${base.name.en}${source !== 'imported' ? pick(ui.copySuffix, 'en') : ''}`
        : 'New process',
    });
  };
  useEffect(() => {
    if (open) {
      const source = imported ? 'imported' : 'blank';
      form.setFieldsValue({ source });
      suggest(source);
    }
  }, [open, imported]);

  const submit = async (values: CreateValues) => {
    const base =
      values.source === 'blank'
        ? blankDefinition(values.id)
        : sources.find((s) => s.id === values.source)?.definition;
    if (!base) return;
    const document: WorkflowDefinition = {
      ...structuredClone(base),
      id: values.id,
      name: { zh: values.nameZh, en: values.nameEn },
    };
    setBusy(true);
    try {
      const created = await definitionsApi.create(document);
      onClose();
      void navigate(`/designer/${created.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'DEFINITION_KEY_TAKEN') {
        form.setFields([{ name: 'id', errors: [pick(ui.idTaken, language)] }]);
      } else {
        form.setFields([{ name: 'id', errors: [e instanceof Error ? e.message : String(e)] }]);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={pick(ui.newDefinition, language)}
      okText={pick(ui.create, language)}
      cancelText={pick(ui.cancel, language)}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="source" label={pick(ui.startFrom, language)}>
          <Radio.Group
            onChange={(e) => suggest(e.target.value as string)}
            style={{ width: '100%' }}
          >
            <Space orientation="vertical">
              {imported && (
                <Radio value="imported">{`${pick(ui.importJson, language)}：${pick(imported.name, language)}`}</Radio>
              )}
              <Radio value="blank">{pick(ui.blank, language)}</Radio>
              {TEMPLATES.map((t) => (
                <Radio key={t.id} value={t.id}>
                  {pick(t.name, language)}
                  <Typography.Text type="secondary"> — {t.id}</Typography.Text>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="id"
          label={pick(ui.newId, language)}
          rules={[
            { required: true, message: pick(ui.idPattern, language) },
            { pattern: ID_PATTERN, message: pick(ui.idPattern, language) },
            { max: 64 },
            {
              validator: (_, value: string) =>
                taken.includes(value)
                  ? Promise.reject(new Error(pick(ui.idTaken, language)))
                  : Promise.resolve(),
            },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="nameZh"
          label={pick(ui.nameZh, language)}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="nameEn"
          label={pick(ui.nameEn, language)}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The county's definitions at `/designer`. */
export function DefinitionList() {
  const { language } = useI18n();
  const { hasRole } = useAuth();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const editable = hasRole('county_admin', 'org_department');
  const [rows, setRows] = useState<DefinitionSummary[] | null>(null);
  const [creating, setCreating] = useState(false);
  const [imported, setImported] = useState<WorkflowDefinition | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    definitionsApi
      .list()
      .then(setRows)
      .catch((e: unknown) => {
        setRows([]);
        void message.error(e instanceof Error ? e.message : String(e));
      });
  }, [message]);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    try {
      const parsed: unknown = JSON.parse(await file.text());
      if (!isDrawableDefinition(parsed)) throw new Error('shape');
      setImported(parsed);
      setCreating(true);
    } catch {
      void message.error(pick(ui.invalidJson, language));
    }
  };

  return (
    <Card>
      <Typography.Title level={3}>{pick(ui.title, language)}</Typography.Title>
      <Typography.Paragraph type="secondary">{pick(ui.intro, language)}</Typography.Paragraph>
      {editable && (
        <Space style={{ marginBottom: 16 }}>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              setImported(null);
              setCreating(true);
            }}
          >
            {pick(ui.newDefinition, language)}
          </Button>
          <Button icon={<ImportOutlined />} onClick={() => fileInput.current?.click()}>
            {pick(ui.importJson, language)}
          </Button>
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            hidden
            onChange={(e) => void onFile(e)}
          />
        </Space>
      )}
      <Table<DefinitionSummary>
        rowKey="id"
        loading={rows === null}
        dataSource={rows ?? []}
        pagination={false}
        aria-label={pick(ui.definitions, language)}
        columns={[
          {
            title: pick(ui.name, language),
            render: (_, r) => (
              <Button
                type="link"
                onClick={() => void navigate(`/designer/${r.id}`)}
                style={{ padding: 0 }}
              >
                {language === 'zh' ? r.nameZh : r.nameEn}
              </Button>
            ),
          },
          { title: pick(ui.key, language), dataIndex: 'key' },
          {
            title: pick(ui.latestVersion, language),
            render: (_, r) =>
              r.latestVersion > 0 ? (
                <Tag color="green">
                  {format(pick(ui.versionN, language), { n: r.latestVersion })}
                </Tag>
              ) : (
                <Tag>{pick(ui.unpublished, language)}</Tag>
              ),
          },
          {
            title: pick(ui.updatedAt, language),
            render: (_, r) => dayjs(r.updatedAt).format('YYYY-MM-DD HH:mm'),
          },
          {
            title: pick(ui.actions, language),
            render: (_, r) => (
              <Space>
                <Button size="small" onClick={() => void navigate(`/designer/${r.id}`)}>
                  {pick(editable ? ui.open : ui.view, language)}
                </Button>
                <Button size="small" onClick={() => void navigate(`/designer/${r.id}/versions`)}>
                  {pick(ui.versions, language)}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <CreateDialog
        open={creating}
        imported={imported}
        taken={(rows ?? []).map((r) => r.key)}
        onClose={() => setCreating(false)}
      />
    </Card>
  );
}
