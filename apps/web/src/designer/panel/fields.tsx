import { CloseOutlined } from '@ant-design/icons';
import {
  ASSIGNEE_ROLES,
  assigneeRoleLabels,
  type AssigneeRule,
  type LocalizedText,
} from '@shuping/engine';
import { Button, Input, InputNumber, Select, Space } from 'antd';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n';
import { pick, unitLabels, type Language } from '../designer-messages';
import {
  DURATION_UNITS,
  durationProblem,
  joinDuration,
  splitDuration,
  type DurationUnit,
} from '../forms/form-rules';

/** A labelled field with its problem message underneath. */
export function Field({
  label,
  htmlFor,
  error,
  hint,
  children,
}: {
  label: ReactNode;
  htmlFor?: string;
  error?: string | null;
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className={`sp-field ${error ? 'sp-field--error' : ''}`}>
      <label className="sp-field__label" htmlFor={htmlFor}>
        {label}
      </label>
      {children}
      {error ? (
        <div className="sp-field__error" role="alert">
          {error}
        </div>
      ) : hint ? (
        <div className="sp-field__hint">{hint}</div>
      ) : null}
    </div>
  );
}

/** A text input that commits on blur or Enter (one undo step per edit, not per keystroke). */
export function CommitInput({
  value,
  onCommit,
  id,
  ariaLabel,
  placeholder,
  multiline,
  status,
  disabled,
  validate,
}: {
  value: string | undefined;
  onCommit: (value: string | undefined) => void;
  id?: string;
  ariaLabel?: string;
  placeholder?: string;
  multiline?: boolean;
  status?: 'error';
  disabled?: boolean;
  /** A problem with the typed text: shown under the input, and the text is not committed. */
  validate?: (text: string) => string | null;
}) {
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  const problem = validate && text !== (value ?? '') ? validate(text) : null;
  const commit = () => {
    const next = text === '' ? undefined : text;
    if (next !== value && !problem) onCommit(next);
  };
  const common = {
    id,
    value: text,
    placeholder,
    status: problem ? ('error' as const) : status,
    disabled,
    'aria-label': ariaLabel,
    'aria-invalid': problem ? true : undefined,
    onBlur: commit,
  };
  const input = multiline ? (
    <Input.TextArea
      {...common}
      autoSize={{ minRows: 2, maxRows: 6 }}
      onChange={(e) => setText(e.target.value)}
    />
  ) : (
    <Input {...common} onChange={(e) => setText(e.target.value)} onPressEnter={commit} />
  );
  return problem ? (
    <>
      {input}
      <div className="sp-field__error" role="alert">
        {problem}
      </div>
    </>
  ) : (
    input
  );
}

/** A number input that commits on blur or Enter. */
export function CommitNumber({
  value,
  onCommit,
  id,
  ariaLabel,
  min,
  max,
  step,
  integer,
  disabled,
}: {
  value: number | undefined;
  onCommit: (value: number | undefined) => void;
  id?: string;
  ariaLabel?: string;
  min?: number;
  max?: number;
  step?: number;
  integer?: boolean;
  disabled?: boolean;
}) {
  const [current, setCurrent] = useState<number | null>(value ?? null);
  useEffect(() => setCurrent(value ?? null), [value]);
  const commit = () => {
    const next = current === null ? undefined : integer ? Math.round(current) : current;
    if (next !== value) onCommit(next);
  };
  return (
    <InputNumber<number>
      id={id}
      aria-label={ariaLabel}
      value={current}
      min={min}
      max={max}
      step={step ?? (integer ? 1 : undefined)}
      precision={integer ? 0 : undefined}
      disabled={disabled}
      onChange={(v) => setCurrent(v)}
      onBlur={commit}
      onPressEnter={commit}
      style={{ width: '100%' }}
    />
  );
}

/** Chinese and English text of one field. */
export function LocalizedTextInput({
  value,
  onChange,
  label,
  multiline,
  disabled,
}: {
  value: LocalizedText | undefined;
  onChange: (value: LocalizedText | undefined) => void;
  label: string;
  multiline?: boolean;
  disabled?: boolean;
}) {
  const { language } = useI18n();
  const update = (lang: Language, text: string | undefined) => {
    const next = { zh: value?.zh ?? '', en: value?.en ?? '', [lang]: text ?? '' };
    onChange(next.zh === '' && next.en === '' ? undefined : next);
  };
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      <CommitInput
        value={value?.zh}
        onCommit={(v) => update('zh', v)}
        ariaLabel={`${label}（中文）`}
        placeholder={language === 'zh' ? '中文' : 'Chinese'}
        multiline={multiline}
        disabled={disabled}
      />
      <CommitInput
        value={value?.en}
        onCommit={(v) => update('en', v)}
        ariaLabel={`${label}（English）`}
        placeholder="English"
        multiline={multiline}
        disabled={disabled}
      />
    </Space>
  );
}

/**
 * A duration: amount and unit (minutes … months, or working days), written as `PT8M`, `P3D`,
 * `3WD`; anything more complex is edited as text.
 */
export function DurationInput({
  value,
  onChange,
  label,
  id,
  required,
  disabled,
}: {
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  label: string;
  id?: string;
  required?: boolean;
  disabled?: boolean;
}) {
  const { language } = useI18n();
  const split = value ? splitDuration(value) : null;
  const [chosenUnit, setUnit] = useState<DurationUnit>('workingDays');
  const unit = split?.unit ?? chosenUnit;
  const problem = durationProblem(value, { required });
  const complex = value !== undefined && split === null;
  return (
    <div className="sp-duration">
      <Space.Compact style={{ width: '100%' }}>
        {complex ? (
          <CommitInput
            id={id}
            value={value}
            onCommit={onChange}
            ariaLabel={label}
            status={problem ? 'error' : undefined}
            disabled={disabled}
          />
        ) : (
          <CommitNumber
            id={id}
            value={split?.amount}
            onCommit={(amount) =>
              onChange(amount === undefined ? undefined : joinDuration(amount, unit))
            }
            ariaLabel={`${label}${language === 'zh' ? '数值' : ' amount'}`}
            min={1}
            max={unit === 'workingDays' ? 999 : 9999}
            integer
            disabled={disabled}
          />
        )}
        <Select<DurationUnit>
          aria-label={`${label}${language === 'zh' ? '单位' : ' unit'}`}
          value={complex ? undefined : unit}
          placeholder={language === 'zh' ? '单位' : 'Unit'}
          style={{ width: 120 }}
          disabled={disabled}
          onChange={(next) => {
            setUnit(next);
            onChange(joinDuration(split?.amount ?? 1, next));
          }}
          options={DURATION_UNITS.map((u) => ({ value: u, label: pick(unitLabels[u], language) }))}
        />
        {value !== undefined && !disabled && (
          <Button
            icon={<CloseOutlined />}
            aria-label={`${language === 'zh' ? '清除' : 'Clear'}${label}`}
            onClick={() => onChange(undefined)}
          />
        )}
      </Space.Compact>
      {problem && (
        <div className="sp-field__error" role="alert">
          {pick(problem, language)}
        </div>
      )}
    </div>
  );
}

/** An assignee rule: a role relative to the organisation, or rater groups. */
export function AssigneeInput({
  value,
  onChange,
  label,
  groupOptions,
  id,
  disabled,
}: {
  value: AssigneeRule | undefined;
  onChange: (value: AssigneeRule | undefined) => void;
  label: string;
  /** Rater groups defined by the step (rating), offered as choices. */
  groupOptions?: readonly { key: string; title: LocalizedText }[];
  id?: string;
  disabled?: boolean;
}) {
  const { language } = useI18n();
  const groupsId = useId();
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      <Select
        id={id}
        aria-label={label}
        allowClear
        disabled={disabled}
        value={value?.role}
        placeholder={language === 'zh' ? '选择角色' : 'Choose a role'}
        onChange={(role?: AssigneeRule['role']) => {
          if (!role) onChange(undefined);
          else if (role === 'raters') {
            onChange({
              role,
              groups:
                value?.role === 'raters'
                  ? value.groups
                  : (groupOptions?.map((g) => g.key).slice(0, 1) ?? []),
            });
          } else onChange({ role });
        }}
        options={ASSIGNEE_ROLES.map((role) => ({
          value: role,
          label: pick(assigneeRoleLabels[role], language),
        }))}
        style={{ width: '100%' }}
      />
      {value?.role === 'raters' && (
        <Select
          id={groupsId}
          mode="tags"
          aria-label={`${label}${language === 'zh' ? '：评议组' : ': rater groups'}`}
          disabled={disabled}
          value={value.groups}
          onChange={(groups: string[]) => onChange({ role: 'raters', groups })}
          options={(groupOptions ?? []).map((g) => ({
            value: g.key,
            label: `${pick(g.title, language)}（${g.key}）`,
          }))}
          style={{ width: '100%' }}
        />
      )}
    </Space>
  );
}
