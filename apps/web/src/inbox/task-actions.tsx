import {
  BellOutlined,
  CopyOutlined,
  FilePdfOutlined,
  RollbackOutlined,
  SendOutlined,
  UserAddOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Radio, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../api/client';
import { inboxApi, openProtected, type Person, type TaskDetail } from './inbox-api';
import { useInboxText } from './inbox-messages';

type Dialog = 'transfer' | 'delegate' | 'coHandler' | 'copy' | 'sendBack' | 'coSign' | 'resolve';

/** A person picker that searches my county as I type. */
export function PersonPicker({
  multiple,
  value,
  onChange,
  label,
}: {
  multiple?: boolean;
  value: string[];
  onChange: (ids: string[]) => void;
  label: string;
}) {
  const { t } = useInboxText();
  const [q, setQ] = useState('');
  const [people, setPeople] = useState<Person[]>([]);
  useEffect(() => {
    // Only the latest search answers: an earlier, slower one must not replace its results.
    let stale = false;
    const timer = setTimeout(() => {
      inboxApi
        .people(q)
        .then((found) => !stale && setPeople(found))
        .catch(() => !stale && setPeople([]));
    }, 200);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [q]);
  return (
    <Select
      aria-label={label}
      showSearch
      mode={multiple ? 'multiple' : undefined}
      filterOption={false}
      placeholder={t('searchPeople')}
      onSearch={setQ}
      value={multiple ? value : value[0]}
      onChange={(v: string | string[]) => onChange(Array.isArray(v) ? v : v ? [v] : [])}
      options={people.map((p) => ({
        value: p.id,
        label: `${p.displayName}（${p.username}${p.orgName ? ` · ${p.orgName}` : ''}）`,
      }))}
      style={{ width: '100%' }}
    />
  );
}

/** The action bar of a task: claim, 转办、委派、加签、抄送、退回、催办, co-sign, hand back, print. */
export function TaskActions({
  detail,
  reload,
}: {
  detail: TaskDetail;
  reload: () => Promise<void>;
}) {
  const { t } = useInboxText();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [people, setPeople] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [agree, setAgree] = useState(true);
  const [busy, setBusy] = useState(false);
  const id = detail.task.id;
  const can = detail.can;

  const run = async (call: () => Promise<unknown>, leave = false) => {
    setBusy(true);
    try {
      await call();
      void message.success(t('action.done'));
      setDialog(null);
      setPeople([]);
      setText('');
      if (leave) void navigate('/inbox');
      else await reload();
    } catch (error) {
      void message.error(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const submitDialog = () => {
    const note = text.trim() || undefined;
    switch (dialog) {
      case 'transfer':
        return run(() => inboxApi.transfer(id, people[0], note), true);
      case 'delegate':
        return run(() => inboxApi.delegate(id, people[0], note));
      case 'coHandler':
        return run(() => inboxApi.coHandler(id, people[0], note));
      case 'copy':
        return run(() => inboxApi.copy(id, people, note));
      case 'sendBack':
        return run(() => inboxApi.sendBack(id, text), true);
      case 'coSign':
        return run(() => inboxApi.coSign(id, text, agree));
      case 'resolve':
        return run(() => inboxApi.resolve(id, note));
      case null:
        return undefined;
    }
  };

  const needsPerson =
    dialog === 'transfer' || dialog === 'delegate' || dialog === 'coHandler' || dialog === 'copy';
  const fileName = `${detail.task.orgName}-${detail.task.title.zh}.pdf`;
  return (
    <Space wrap>
      {can.claim && (
        <Button type="primary" onClick={() => void run(() => inboxApi.claim(id))}>
          {t('claim')}
        </Button>
      )}
      {can.transfer && (
        <Button icon={<SendOutlined />} onClick={() => setDialog('transfer')}>
          {t('action.transfer')}
        </Button>
      )}
      {can.delegate && (
        <Button icon={<UserSwitchOutlined />} onClick={() => setDialog('delegate')}>
          {t('action.delegate')}
        </Button>
      )}
      {can.coHandler && (
        <Button icon={<UserAddOutlined />} onClick={() => setDialog('coHandler')}>
          {t('action.coHandler')}
        </Button>
      )}
      {can.copy && (
        <Button icon={<CopyOutlined />} onClick={() => setDialog('copy')}>
          {t('action.copy')}
        </Button>
      )}
      {can.sendBack && (
        <Button icon={<RollbackOutlined />} onClick={() => setDialog('sendBack')}>
          {t('action.sendBack')}
        </Button>
      )}
      {can.urge && (
        <Button icon={<BellOutlined />} onClick={() => void run(() => inboxApi.urge(id))}>
          {t('action.urge')}
        </Button>
      )}
      {can.coSign && (
        <Button type="primary" onClick={() => setDialog('coSign')}>
          {t('action.coSign')}
        </Button>
      )}
      {can.resolve && (
        <Button type="primary" onClick={() => setDialog('resolve')}>
          {t('action.resolve')}
        </Button>
      )}
      {can.print && (
        <Button
          icon={<FilePdfOutlined />}
          onClick={() =>
            void openProtected(`/tasks/${id}/document.pdf`, fileName).catch((error: unknown) =>
              message.error(error instanceof ApiError ? error.message : String(error)),
            )
          }
        >
          {t('action.print')}
        </Button>
      )}
      <Modal
        open={dialog !== null}
        title={dialog ? t(`action.${dialog}`) : ''}
        confirmLoading={busy}
        okButtonProps={{
          disabled:
            (needsPerson && people.length === 0) ||
            ((dialog === 'sendBack' || dialog === 'coSign') && !text.trim()),
        }}
        onOk={() => void submitDialog()}
        onCancel={() => setDialog(null)}
      >
        <Form layout="vertical">
          {needsPerson && (
            <Form.Item label={dialog === 'copy' ? t('people') : t('person')} required>
              <PersonPicker
                label={dialog === 'copy' ? t('people') : t('person')}
                multiple={dialog === 'copy'}
                value={people}
                onChange={setPeople}
              />
            </Form.Item>
          )}
          {dialog === 'coSign' && (
            <Form.Item>
              <Radio.Group value={agree} onChange={(e) => setAgree(e.target.value as boolean)}>
                <Radio value={true}>{t('agree')}</Radio>
                <Radio value={false}>{t('disagree')}</Radio>
              </Radio.Group>
            </Form.Item>
          )}
          <Form.Item
            label={
              dialog === 'sendBack' ? t('reason') : dialog === 'coSign' ? t('opinion') : t('note')
            }
            required={dialog === 'sendBack' || dialog === 'coSign'}
          >
            <Input.TextArea
              aria-label={dialog === 'sendBack' ? t('reason') : t('note')}
              rows={3}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
