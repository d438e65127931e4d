import { PauseCircleOutlined, PlayCircleOutlined, RedoOutlined } from '@ant-design/icons';
import { speakingLimitSeconds } from '@shuping/contracts';
import { Button, Card, Form, Input, List, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useInboxText } from '../inbox-messages';
import { OtherErrors, SubmitBar, useStepSubmit, type StepFormProps } from './form-kit';

/** `mm:ss` of a number of seconds (negative shown with a minus). */
export function formatClock(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  const s = Math.abs(Math.round(seconds));
  return `${sign}${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** 述职 (meeting mode): the speaking order and a big countdown; the overrun is recorded. */
export function SpeakingForm({ detail, reload }: StepFormProps) {
  const { zh } = useInboxText();
  const limit = detail.meeting?.limitSeconds ?? speakingLimitSeconds(detail.form.settings);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [endedAt, setEndedAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [summary, setSummary] = useState('');
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);
  const { errors, busy, submit } = useStepSubmit(detail, reload);
  const running = startedAt !== null && endedAt === null;

  useEffect(() => {
    if (!running) return;
    timer.current = setInterval(() => setNow(Date.now()), 250);
    return () => {
      if (timer.current) clearInterval(timer.current);
    };
  }, [running]);

  const elapsed = startedAt === null ? 0 : ((endedAt ?? now) - startedAt) / 1000;
  const remaining = limit - elapsed;
  const over = remaining < 0;
  const toggle = () => {
    if (startedAt === null) {
      const t0 = Date.now();
      setStartedAt(t0);
      setNow(t0);
    } else if (endedAt === null) {
      setEndedAt(Date.now());
    }
  };
  const reset = () => {
    setStartedAt(null);
    setEndedAt(null);
  };
  const order = detail.meeting?.speakers.find((s) => s.current)?.order;
  const duration = Math.max(1, Math.round(elapsed));
  const data =
    startedAt !== null && endedAt !== null
      ? {
          startedAt: new Date(startedAt).toISOString(),
          endedAt: new Date(endedAt).toISOString(),
          durationSeconds: duration,
          limitSeconds: limit,
          overrunSeconds: Math.max(0, duration - limit),
          ...(order ? { order } : {}),
          ...(summary.trim() ? { summary } : {}),
        }
      : {};

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      {detail.meeting && (
        <Card size="small" title={zh ? '述职顺序' : 'Speaking order'}>
          <List
            size="small"
            dataSource={detail.meeting.speakers}
            renderItem={(s) => (
              <List.Item style={s.current ? { background: '#fff1f0' } : undefined}>
                <Space wrap>
                  <Typography.Text strong={s.current}>
                    {s.order}. {s.orgName}
                  </Typography.Text>
                  {s.current && <Tag color="red">{zh ? '当前' : 'Now'}</Tag>}
                  {s.status === 'done' && (
                    <Tag color={s.overrunSeconds ? 'orange' : 'green'}>
                      {zh ? '已述职' : 'Done'}{' '}
                      {s.durationSeconds !== null ? formatClock(s.durationSeconds) : ''}
                      {s.overrunSeconds
                        ? zh
                          ? ` 超时${s.overrunSeconds}秒`
                          : ` +${s.overrunSeconds}s`
                        : ''}
                    </Tag>
                  )}
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card
        tabIndex={0}
        aria-label={zh ? '述职计时器（空格键开始/结束）' : 'Speaking timer (space to start/stop)'}
        onKeyDown={(e) => {
          if (e.key === ' ' && e.target === e.currentTarget) {
            e.preventDefault();
            toggle();
          }
        }}
        style={{ textAlign: 'center', background: over ? '#fff1f0' : '#f6ffed' }}
      >
        <Typography.Text type="secondary">
          {zh ? `时限 ${formatClock(limit)}` : `Limit ${formatClock(limit)}`}
        </Typography.Text>
        <div
          role="timer"
          aria-live="off"
          data-testid="countdown"
          style={{
            fontSize: 'min(22vw, 160px)',
            fontVariantNumeric: 'tabular-nums',
            fontWeight: 700,
            lineHeight: 1.1,
            color: over ? '#cf1322' : remaining < 60 ? '#d48806' : '#237804',
          }}
        >
          {formatClock(over ? -remaining : remaining)}
        </div>
        {over && (
          <Typography.Title level={3} style={{ color: '#cf1322', margin: 0 }}>
            {zh ? `已超时 ${formatClock(-remaining)}` : `Over by ${formatClock(-remaining)}`}
          </Typography.Title>
        )}
        <Space style={{ marginTop: 16 }} wrap>
          {!running && endedAt === null && (
            <Button type="primary" size="large" icon={<PlayCircleOutlined />} onClick={toggle}>
              {zh ? '开始计时' : 'Start'}
            </Button>
          )}
          {running && (
            <Button danger size="large" icon={<PauseCircleOutlined />} onClick={toggle}>
              {zh ? '结束述职' : 'Stop'}
            </Button>
          )}
          {endedAt !== null && (
            <Button size="large" icon={<RedoOutlined />} onClick={reset}>
              {zh ? '重新计时' : 'Reset'}
            </Button>
          )}
        </Space>
        {endedAt !== null && (
          <Typography.Paragraph style={{ marginTop: 12 }} strong>
            {zh
              ? `用时 ${formatClock(duration)}${duration > limit ? `，超时 ${duration - limit} 秒（将记录在案）` : '，未超时'}`
              : `Took ${formatClock(duration)}${duration > limit ? `, ${duration - limit}s over (recorded)` : ''}`}
          </Typography.Paragraph>
        )}
      </Card>
      <Form layout="vertical">
        <Form.Item label={zh ? '述职要点（可选）' : 'Summary (optional)'}>
          <Input.TextArea
            aria-label="述职要点"
            rows={3}
            value={summary}
            onChange={(e) => setSummary(e.target.value)}
          />
        </Form.Item>
        <OtherErrors errors={errors} shown={[]} />
        <SubmitBar
          busy={busy}
          label={zh ? '提交述职记录' : 'Submit the record'}
          onSubmit={() => void submit(data)}
        />
      </Form>
    </Space>
  );
}
