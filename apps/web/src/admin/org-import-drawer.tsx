import { DownloadOutlined, InboxOutlined, KeyOutlined } from '@ant-design/icons';
import {
  orgKindLabels,
  type ImportPreview,
  type ImportPreviewRow,
  type ImportResult,
  type ImportRowError,
  type OneTimePassword,
} from '@shuping/contracts';
import {
  Alert,
  App as AntApp,
  Button,
  Drawer,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import { downloadFile, errorText, fileToBase64, saveText } from './admin-api';
import { useAdminText } from './admin-messages';
import { passwordsCsv } from './org-tree';

const BATCH = 100;

/**
 * Importing a county's tree from an Excel/CSV file: templates, upload, preview with every row
 * error, then the all-or-nothing import, then one-time passwords for the new accounts.
 */
export function OrgImportDrawer({
  open,
  onClose,
  onImported,
}: {
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}) {
  const { t, language } = useAdminText();
  const { message } = AntApp.useApp();
  const [file, setFile] = useState<{ fileName: string; contentBase64: string } | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<number | null>(null);

  const reset = () => {
    setFile(null);
    setPreview(null);
    setResult(null);
    setIssued(null);
  };

  const choose = async (chosen: File) => {
    reset();
    setBusy(true);
    try {
      const body = { fileName: chosen.name, contentBase64: await fileToBase64(chosen) };
      setFile(body);
      setPreview(await api<ImportPreview>('/admin/org-import/preview', { method: 'POST', body }));
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const runImport = async () => {
    if (!file) return;
    setBusy(true);
    try {
      setResult(await api<ImportResult>('/admin/org-import', { method: 'POST', body: file }));
      onImported();
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const issuePasswords = async () => {
    if (!result) return;
    setBusy(true);
    try {
      const all: OneTimePassword[] = [];
      for (let i = 0; i < result.createdUserIds.length; i += BATCH) {
        all.push(
          ...(await api<OneTimePassword[]>('/admin/users/passwords', {
            method: 'POST',
            body: { userIds: result.createdUserIds.slice(i, i + BATCH) },
          })),
        );
      }
      saveText(passwordsCsv(all), `一次性密码-${new Date().toISOString().slice(0, 10)}.csv`);
      setIssued(all.length);
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const errorRows = new Set(preview?.errors.map((e) => e.row));
  const rowColumns = [
    { title: t('row'), dataIndex: 'row', key: 'row', width: 64 },
    { title: t('code'), dataIndex: 'code', key: 'code' },
    { title: t('name'), dataIndex: 'name', key: 'name' },
    {
      title: t('kind'),
      key: 'kind',
      render: (_: unknown, r: ImportPreviewRow) =>
        r.kind ? orgKindLabels[r.kind][language] : <Tag color="red">{r.kindText || '—'}</Tag>,
    },
    {
      title: t('parentCode'),
      dataIndex: 'parentCode',
      key: 'parent',
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('secretary'),
      dataIndex: 'secretaryName',
      key: 'sec',
      render: (v: string | null) => v ?? '',
    },
    {
      title: t('phone'),
      dataIndex: 'secretaryPhone',
      key: 'phone',
      render: (v: string | null) => v ?? '',
    },
  ];
  const errorColumns = [
    { title: t('row'), dataIndex: 'row', key: 'row', width: 64 },
    {
      title: t('column'),
      dataIndex: 'column',
      key: 'column',
      width: 120,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('problem'),
      key: 'message',
      render: (_: unknown, e: ImportRowError) => (
        <Space size={4}>
          <Tag color="red">{e.code}</Tag>
          {e.message}
        </Space>
      ),
    },
  ];

  return (
    <Drawer
      open={open}
      onClose={() => {
        reset();
        onClose();
      }}
      size={960}
      title={t('importTree')}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('importIntro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 16 }}>
        <Button
          icon={<DownloadOutlined />}
          onClick={() =>
            void downloadFile('/admin/org-import/template?format=xlsx', '组织导入模板.xlsx').catch(
              (e: unknown) => void message.error(errorText(e)),
            )
          }
        >
          {t('templateXlsx')}
        </Button>
        <Button
          icon={<DownloadOutlined />}
          onClick={() =>
            void downloadFile('/admin/org-import/template?format=csv', '组织导入模板.csv').catch(
              (e: unknown) => void message.error(errorText(e)),
            )
          }
        >
          {t('templateCsv')}
        </Button>
      </Space>
      <Upload.Dragger
        height={120}
        accept=".xlsx,.csv"
        multiple={false}
        showUploadList={false}
        disabled={busy}
        beforeUpload={(chosen) => {
          void choose(chosen);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{file ? file.fileName : t('chooseFile')}</p>
      </Upload.Dragger>

      {preview && !result && (
        <div style={{ marginTop: 16 }}>
          <Alert
            type={preview.valid ? 'success' : 'error'}
            showIcon
            title={preview.valid ? t('previewValid') : t('previewInvalid')}
            description={t('rowsCount', {
              n: preview.counts.organisations,
              s: preview.counts.secretaries,
            })}
            action={
              <Button
                type="primary"
                disabled={!preview.valid}
                loading={busy}
                onClick={() => void runImport()}
              >
                {t('doImport')}
              </Button>
            }
          />
          <Tabs
            style={{ marginTop: 8 }}
            defaultActiveKey={preview.valid ? 'rows' : 'errors'}
            items={[
              ...(preview.errors.length
                ? [
                    {
                      key: 'errors',
                      label: t('errorsTitle', { n: preview.errors.length }),
                      children: (
                        <Table
                          size="small"
                          rowKey={(e) => `${e.row}-${e.code}-${e.column ?? ''}`}
                          columns={errorColumns}
                          dataSource={preview.errors}
                          pagination={{ pageSize: 20, hideOnSinglePage: true }}
                        />
                      ),
                    },
                  ]
                : []),
              {
                key: 'rows',
                label: t('rowsCount', {
                  n: preview.counts.organisations,
                  s: preview.counts.secretaries,
                }),
                children: (
                  <Table
                    size="small"
                    rowKey="row"
                    columns={rowColumns}
                    dataSource={preview.rows}
                    onRow={(r) =>
                      errorRows.has(r.row) ? { style: { background: '#fff1f0' } } : {}
                    }
                    pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  />
                ),
              },
            ]}
          />
        </div>
      )}

      {result && (
        <Alert
          style={{ marginTop: 16 }}
          type="success"
          showIcon
          title={t('imported', { n: result.organisations, s: result.secretaries })}
          description={issued !== null ? t('issuedDone', { n: issued }) : undefined}
          action={
            result.createdUserIds.length > 0 && issued === null ? (
              <Button icon={<KeyOutlined />} loading={busy} onClick={() => void issuePasswords()}>
                {t('issueImported')}
              </Button>
            ) : undefined
          }
        />
      )}
    </Drawer>
  );
}
