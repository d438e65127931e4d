import { ArrowLeftOutlined, EyeOutlined } from '@ant-design/icons';
import type { WorkflowDefinition } from '@shuping/engine';
import { Alert, Button, Card, Empty, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useI18n } from '../i18n';
import {
  definitionsApi,
  isDrawableDefinition,
  type DefinitionDetail,
  type VersionSummary,
} from './designer-api';
import { diffFieldLabels, format, pick, ui, type Language } from './designer-messages';
import {
  diffCounts,
  diffDefinitions,
  type DefinitionDiff,
  type StepChange,
} from './diff/definition-diff';
import { ProcessDiagram } from './process-diagram';

const CHANGE_COLORS: Record<StepChange, string> = {
  added: 'green',
  removed: 'red',
  changed: 'orange',
  moved: 'blue',
};

const DRAFT = 'draft';

function titleIn(definition: WorkflowDefinition, key: string, language: Language): string {
  let states = definition.machine.states;
  let title = key;
  for (const part of key.split('.')) {
    const state = states[part];
    if (!state) return key;
    title = pick(state.meta?.title, language) || part;
    states = state.states ?? {};
  }
  return title;
}

function describeFields(fields: readonly string[], language: Language): string {
  return fields
    .map((f) => pick(diffFieldLabels[f], language) || f)
    .join(language === 'zh' ? '、' : ', ');
}

function filterChanges(
  diff: DefinitionDiff,
  kinds: readonly StepChange[],
): Record<string, StepChange> {
  return Object.fromEntries(Object.entries(diff.steps).filter(([, c]) => kinds.includes(c)));
}

/** Two versions side by side: removed and changed steps on the old one, added and changed on the new one. */
function VersionDiff({ before, after }: { before: WorkflowDefinition; after: WorkflowDefinition }) {
  const { language } = useI18n();
  const diff = useMemo(() => diffDefinitions(before, after), [before, after]);
  const counts = diffCounts(diff);
  const oldChanges = useMemo(() => filterChanges(diff, ['removed', 'changed']), [diff]);
  const newChanges = useMemo(() => filterChanges(diff, ['added', 'changed', 'moved']), [diff]);
  const entries = Object.entries(diff.steps);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap aria-label={pick(ui.compare, language)}>
        {(Object.keys(counts) as StepChange[]).map((c) => (
          <Tag key={c} color={CHANGE_COLORS[c]}>
            {pick(ui[c], language)} {counts[c]}
          </Tag>
        ))}
      </Space>
      {entries.length === 0 && diff.envelope.length === 0 ? (
        <Typography.Text type="secondary">{pick(ui.noChanges, language)}</Typography.Text>
      ) : (
        <ul className="sp-diff-list">
          {entries.map(([key, change]) => (
            <li key={key}>
              <Tag color={CHANGE_COLORS[change]}>{pick(ui[change], language)}</Tag>
              {titleIn(change === 'removed' ? before : after, key, language)}
              <Typography.Text type="secondary"> ({key})</Typography.Text>
              {diff.fields[key] && (
                <Typography.Text type="secondary">
                  {' '}
                  — {pick(ui.changedFields, language)}：{describeFields(diff.fields[key], language)}
                </Typography.Text>
              )}
            </li>
          ))}
          {diff.envelope.length > 0 && (
            <li>
              <Tag color="orange">{pick(ui.changed, language)}</Tag>
              {pick(ui.process, language)}：{describeFields(diff.envelope, language)}
            </li>
          )}
        </ul>
      )}
      <div className="sp-diff">
        <div>
          <Typography.Text strong>{pick(ui.from, language)}</Typography.Text>
          <ProcessDiagram definition={before} changes={oldChanges} height={360} />
        </div>
        <div>
          <Typography.Text strong>{pick(ui.to, language)}</Typography.Text>
          <ProcessDiagram definition={after} changes={newChanges} height={360} />
        </div>
      </div>
    </Space>
  );
}

/** `/designer/:id/versions`: published versions, and a visual diff of any two (or the draft). */
export function VersionsPage() {
  const { id = '' } = useParams();
  const { language } = useI18n();
  const navigate = useNavigate();
  const [record, setRecord] = useState<DefinitionDetail | null>(null);
  const [versions, setVersions] = useState<VersionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [from, setFrom] = useState<string | undefined>();
  const [to, setTo] = useState<string | undefined>();
  const [documents, setDocuments] = useState<Record<string, WorkflowDefinition>>({});

  useEffect(() => {
    Promise.all([definitionsApi.get(id), definitionsApi.versions(id)])
      .then(([detail, list]) => {
        setRecord(detail);
        setVersions(list);
        if (isDrawableDefinition(detail.draft))
          setDocuments((d) => ({ ...d, [DRAFT]: detail.draft as WorkflowDefinition }));
        const [latest, previous] = list;
        setFrom(previous ? String(previous.version) : latest ? String(latest.version) : undefined);
        setTo(latest && previous ? String(latest.version) : DRAFT);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [id]);

  useEffect(() => {
    for (const v of [from, to]) {
      if (!v || v === DRAFT || documents[v]) continue;
      void definitionsApi
        .version(id, Number(v))
        .then((detail) => setDocuments((d) => ({ ...d, [v]: detail.document })))
        .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    }
  }, [from, to, id, documents]);

  if (error)
    return (
      <Alert type="error" title={pick(ui.loadFailed, language)} description={error} showIcon />
    );
  if (!record || !versions) return <Spin />;

  const options = [
    ...versions.map((v) => ({
      value: String(v.version),
      label: format(pick(ui.versionN, language), { n: v.version }),
    })),
    { value: DRAFT, label: pick(ui.draft, language) },
  ];
  const before = from ? documents[from] : undefined;
  const after = to ? documents[to] : undefined;

  return (
    <Card>
      <Space style={{ marginBottom: 12 }} wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate(`/designer/${id}`)}>
          {language === 'zh' ? record.nameZh : record.nameEn}
        </Button>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {pick(ui.versionList, language)}
        </Typography.Title>
      </Space>
      {versions.length === 0 ? (
        <Empty description={pick(ui.noVersions, language)} />
      ) : (
        <Table<VersionSummary>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={versions}
          columns={[
            {
              title: pick(ui.version, language),
              render: (_, v) => format(pick(ui.versionN, language), { n: v.version }),
            },
            {
              title: pick(ui.publishedAt, language),
              render: (_, v) => dayjs(v.publishedAt).format('YYYY-MM-DD HH:mm'),
            },
            {
              title: pick(ui.actions, language),
              render: (_, v) => (
                <Button
                  size="small"
                  icon={<EyeOutlined />}
                  onClick={() => void navigate(`/designer/${id}/versions/${v.version}`)}
                >
                  {pick(ui.view, language)}
                </Button>
              ),
            },
          ]}
        />
      )}
      <Typography.Title level={4} style={{ marginTop: 24 }}>
        {pick(ui.compare, language)}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{pick(ui.from, language)}</span>
        <Select
          aria-label={pick(ui.from, language)}
          value={from}
          onChange={setFrom}
          options={options}
          style={{ width: 160 }}
        />
        <span>{pick(ui.to, language)}</span>
        <Select
          aria-label={pick(ui.to, language)}
          value={to}
          onChange={setTo}
          options={options}
          style={{ width: 160 }}
        />
      </Space>
      {before && after ? (
        <VersionDiff before={before} after={after} />
      ) : (
        <Typography.Text type="secondary">{pick(ui.compareHint, language)}</Typography.Text>
      )}
    </Card>
  );
}

/** `/designer/:id/versions/:version`: one published version, read only. */
export function VersionView() {
  const { id = '', version = '' } = useParams();
  const { language } = useI18n();
  const navigate = useNavigate();
  const [document, setDocument] = useState<WorkflowDefinition | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    definitionsApi
      .version(id, Number(version))
      .then((detail) => setDocument(detail.document))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [id, version]);
  if (error)
    return (
      <Alert type="error" title={pick(ui.loadFailed, language)} description={error} showIcon />
    );
  if (!document) return <Spin />;
  return (
    <Card>
      <Space style={{ marginBottom: 12 }} wrap>
        <Button
          icon={<ArrowLeftOutlined />}
          onClick={() => void navigate(`/designer/${id}/versions`)}
        >
          {pick(ui.versionList, language)}
        </Button>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {pick(document.name, language)} · {format(pick(ui.versionN, language), { n: version })}
        </Typography.Title>
        <Tag>{pick(ui.readOnlyVersion, language)}</Tag>
      </Space>
      <ProcessDiagram definition={document} height={620} />
    </Card>
  );
}
