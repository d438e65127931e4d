import type { CalendarOverrideView, CalendarYear } from '@shuping/contracts';
import {
  App as AntApp,
  Button,
  Calendar,
  Card,
  Col,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Row,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../api/client';
import { errorText } from './admin-api';
import { useAdminText } from './admin-messages';

type DayKind = 'nationalHoliday' | 'nationalWorkday' | 'countyHoliday' | 'countyWorkday';

/** What a day is, for the calendar cells: county overrides win over the national calendar. */
export function dayKinds(year: CalendarYear | null): Map<string, DayKind> {
  const kinds = new Map<string, DayKind>();
  if (!year) return kinds;
  for (const d of year.nationalHolidays) kinds.set(d, 'nationalHoliday');
  for (const d of year.nationalWorkdays) kinds.set(d, 'nationalWorkday');
  for (const o of year.overrides)
    kinds.set(o.date, o.kind === 'holiday' ? 'countyHoliday' : 'countyWorkday');
  return kinds;
}

const TAGS: Record<DayKind, { color: string; short: { zh: string; en: string } }> = {
  nationalHoliday: { color: 'red', short: { zh: '休', en: 'Off' } },
  nationalWorkday: { color: 'blue', short: { zh: '班', en: 'Work' } },
  countyHoliday: { color: 'volcano', short: { zh: '县休', en: 'County off' } },
  countyWorkday: { color: 'geekblue', short: { zh: '县班', en: 'County work' } },
};

/** The working calendar: national holidays and make-up days, and the county's own days. */
export function CalendarSection() {
  const { t, pick, language } = useAdminText();
  const { message } = AntApp.useApp();
  const [year, setYear] = useState(dayjs().year());
  const [data, setData] = useState<CalendarYear | null>(null);
  const [editing, setEditing] = useState<Dayjs | null>(null);
  const kinds = useMemo(() => dayKinds(data), [data]);
  // Weekday and month names of the calendar come from dayjs' global locale.
  useEffect(() => {
    dayjs.locale(language === 'zh' ? 'zh-cn' : 'en');
  }, [language]);

  const load = useCallback(async () => {
    setData(await api<CalendarYear>(`/admin/calendar?year=${year}`));
  }, [year]);
  useEffect(() => {
    load().catch((e: unknown) => void message.error(errorText(e)));
  }, [load, message]);

  const save = async (work: () => Promise<CalendarYear>) => {
    try {
      setData(await work());
      setEditing(null);
      void message.success(t('done'));
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  const legend = (Object.keys(TAGS) as DayKind[]).map((k) => (
    <Tag key={k} color={TAGS[k].color}>
      {pick(TAGS[k].short)} · {t(k)}
    </Tag>
  ));

  return (
    <Row gutter={16}>
      <Col xs={24} xl={15}>
        <Card title={t('tabCalendar')} extra={data && t('workingDays', { n: data.workingDays })}>
          <Typography.Paragraph type="secondary">{t('calendarIntro')}</Typography.Paragraph>
          <Space wrap style={{ marginBottom: 8 }}>
            {legend}
          </Space>
          <Calendar
            onPanelChange={(value) => setYear(value.year())}
            onSelect={(value, info) => {
              if (value.year() !== year) setYear(value.year());
              if (info.source === 'date') setEditing(value);
            }}
            cellRender={(current, info) => {
              if (info.type !== 'date') return info.originNode;
              const kind = kinds.get(current.format('YYYY-MM-DD'));
              return kind ? (
                <Tag color={TAGS[kind].color} style={{ marginInlineEnd: 0 }}>
                  {pick(TAGS[kind].short)}
                </Tag>
              ) : null;
            }}
          />
        </Card>
      </Col>
      <Col xs={24} xl={9}>
        <Card title={`${t('overrides')} · ${year}`}>
          <OverridesTable
            rows={data?.overrides ?? []}
            onRemove={(date) =>
              save(() => api<CalendarYear>(`/admin/calendar/${date}`, { method: 'DELETE' }))
            }
          />
        </Card>
      </Col>
      {editing && (
        <DayModal
          date={editing}
          kind={kinds.get(editing.format('YYYY-MM-DD'))}
          onCancel={() => setEditing(null)}
          onSave={(date, body) =>
            save(() => api<CalendarYear>(`/admin/calendar/${date}`, { method: 'PUT', body }))
          }
          onRemove={(date) =>
            save(() => api<CalendarYear>(`/admin/calendar/${date}`, { method: 'DELETE' }))
          }
        />
      )}
    </Row>
  );
}

function OverridesTable({
  rows,
  onRemove,
}: {
  rows: CalendarOverrideView[];
  onRemove: (date: string) => Promise<void>;
}) {
  const { t } = useAdminText();
  return (
    <Table
      size="small"
      rowKey="date"
      dataSource={rows}
      pagination={{ pageSize: 12, hideOnSinglePage: true }}
      columns={[
        { title: t('date'), dataIndex: 'date', key: 'date' },
        {
          title: t('kind'),
          key: 'kind',
          render: (_: unknown, o: CalendarOverrideView) =>
            o.kind === 'holiday' ? (
              <Tag color="volcano">{t('countyHoliday')}</Tag>
            ) : (
              <Tag color="geekblue">{t('countyWorkday')}</Tag>
            ),
        },
        { title: t('note'), dataIndex: 'note', key: 'note', render: (v: string | null) => v ?? '' },
        {
          title: t('setBy'),
          dataIndex: 'createdBy',
          key: 'by',
          render: (v: string | null) => v ?? '',
        },
        {
          title: t('actions'),
          key: 'actions',
          render: (_: unknown, o: CalendarOverrideView) => (
            <Popconfirm title={t('removeOverride')} onConfirm={() => void onRemove(o.date)}>
              <Button size="small">{t('removeOverride')}</Button>
            </Popconfirm>
          ),
        },
      ]}
    />
  );
}

function DayModal({
  date,
  kind,
  onCancel,
  onSave,
  onRemove,
}: {
  date: Dayjs;
  kind: DayKind | undefined;
  onCancel: () => void;
  onSave: (date: string, body: { kind: 'holiday' | 'workday'; note?: string }) => Promise<void>;
  onRemove: (date: string) => Promise<void>;
}) {
  const { t } = useAdminText();
  const iso = date.format('YYYY-MM-DD');
  const weekend = date.day() === 0 || date.day() === 6;
  // Nationally off (holiday, or weekend without make-up) → the county can only add a working day.
  const nationallyOff = kind === 'nationalHoliday' || (weekend && kind !== 'nationalWorkday');
  const isOverride = kind === 'countyHoliday' || kind === 'countyWorkday';
  const [form] = Form.useForm<{ kind: 'holiday' | 'workday'; note?: string }>();
  return (
    <Modal
      open
      title={t('setDay', { d: iso })}
      onCancel={onCancel}
      okText={t('save')}
      cancelText={t('cancel')}
      onOk={() => form.submit()}
      footer={(_, { OkBtn, CancelBtn }) => (
        <Space>
          {isOverride && (
            <Button danger onClick={() => void onRemove(iso)}>
              {t('removeOverride')}
            </Button>
          )}
          <CancelBtn />
          <OkBtn />
        </Space>
      )}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          kind: isOverride
            ? kind === 'countyHoliday'
              ? 'holiday'
              : 'workday'
            : nationallyOff
              ? 'workday'
              : 'holiday',
        }}
        onFinish={(values) =>
          void onSave(iso, { kind: values.kind, ...(values.note ? { note: values.note } : {}) })
        }
      >
        <Form.Item name="kind" label={t('kind')}>
          <Radio.Group
            options={[
              { value: 'holiday', label: t('makeHoliday') },
              { value: 'workday', label: t('makeWorkday') },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label={t('note')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
