import { ArrowLeftOutlined } from '@ant-design/icons';
import { formIssues, outOfOfficeSchema } from '@shuping/contracts';
import { App, Button, Card, DatePicker, Form, Input, List, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useAuth } from '../auth/auth-context';
import { errorsOf, fieldState, type Errors } from './forms/form-kit';
import { inboxApi, type StandInPeriod } from './inbox-api';
import { useInboxText } from './inbox-messages';
import { PersonPicker } from './task-actions';

/** Out of office (外出代理): set who stands in for me, and see for whom I stand in. */
export function StandInsPage() {
  const { t } = useInboxText();
  const { me } = useAuth();
  const { message } = App.useApp();
  const [periods, setPeriods] = useState<StandInPeriod[]>([]);
  const [person, setPerson] = useState<string[]>([]);
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>([dayjs(), dayjs().add(6, 'day')]);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Errors>({});

  const load = useCallback(async () => {
    setPeriods(await inboxApi.standIns());
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const save = async () => {
    const body = {
      standInUserId: person[0],
      from: range?.[0].format('YYYY-MM-DD'),
      to: range?.[1].format('YYYY-MM-DD'),
      ...(reason.trim() ? { reason } : {}),
    };
    const parsed = outOfOfficeSchema.safeParse(body);
    if (!parsed.success) {
      setErrors(errorsOf(formIssues(parsed.error)));
      return;
    }
    setErrors({});
    try {
      setPeriods(await inboxApi.createStandIn(parsed.data));
      void message.success(t('action.done'));
    } catch (error) {
      void message.error(error instanceof ApiError ? error.message : String(error));
    }
  };

  const render = (p: StandInPeriod, other: string) => (
    <List.Item
      actions={
        p.absentUserId === me?.userId
          ? [
              <Button
                key="end"
                onClick={() => void inboxApi.endStandIn(p.standInUserId).then(setPeriods)}
              >
                {t('standIns.end')}
              </Button>,
            ]
          : []
      }
    >
      <Space wrap>
        <strong>{other}</strong>
        <span>
          {p.from} ~ {p.to}
        </span>
        {p.current && <Tag color="green">{t('standIns.current')}</Tag>}
      </Space>
    </List.Item>
  );

  return (
    <Card>
      <Link to="/inbox">
        <ArrowLeftOutlined /> {t('back')}
      </Link>
      <Typography.Title level={3}>{t('standIns.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('standIns.intro')}</Typography.Paragraph>
      <Form layout="vertical" style={{ maxWidth: 520 }}>
        <Form.Item label={t('standIns.person')} required {...fieldState(errors, 'standInUserId')}>
          <PersonPicker label={t('standIns.person')} value={person} onChange={setPerson} />
        </Form.Item>
        <Form.Item label={t('standIns.period')} required {...fieldState(errors, 'to')}>
          <DatePicker.RangePicker
            aria-label={t('standIns.period')}
            value={range}
            onChange={(v) => setRange(v && v[0] && v[1] ? [v[0], v[1]] : null)}
          />
        </Form.Item>
        <Form.Item label={t('note')}>
          <Input
            aria-label={t('note')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={200}
          />
        </Form.Item>
        <Button type="primary" onClick={() => void save()}>
          {t('standIns.add')}
        </Button>
      </Form>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('standIns.forMe')}
      </Typography.Title>
      <List
        dataSource={periods.filter((p) => p.absentUserId === me?.userId)}
        locale={{ emptyText: t('standIns.none') }}
        renderItem={(p) => render(p, p.standInName)}
      />
      <Typography.Title level={5}>{t('standIns.forOthers')}</Typography.Title>
      <List
        dataSource={periods.filter((p) => p.standInUserId === me?.userId)}
        locale={{ emptyText: t('standIns.none') }}
        renderItem={(p) => render(p, p.absentName)}
      />
    </Card>
  );
}
