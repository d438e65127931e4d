import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { GRADES, type AssigneeRule, type LocalizedText } from '@shuping/engine';
import { Button, Checkbox, Select, Switch } from 'antd';
import { useId } from 'react';
import { useI18n } from '../../i18n';
import { enumLabel, fieldLabel, pick, ui } from '../designer-messages';
import type { FieldProblem } from '../forms/form-rules';
import {
  defaultValue,
  fieldModel,
  objectProperties,
  parseScalar,
  type JsonSchema,
} from '../forms/schema-model';
import {
  AssigneeInput,
  CommitInput,
  CommitNumber,
  DurationInput,
  Field,
  LocalizedTextInput,
} from './fields';

interface Context {
  root: JsonSchema;
  /** JSON pointer of the edited object (relative to the step's meta, e.g. `/form`). */
  problems: readonly FieldProblem[];
  disabled: boolean;
  groupOptions?: readonly { key: string; title: LocalizedText }[];
}

type Json = Record<string, unknown>;

function problemAt(ctx: Context, pointer: string, language: 'zh' | 'en'): string | undefined {
  return ctx.problems.find((p) => p.field === pointer)?.message[language];
}

/** One value of a schema, with the input that fits it. */
function SchemaValue({
  name,
  schema,
  value,
  onChange,
  pointer,
  ctx,
  id,
}: {
  name: string;
  schema: JsonSchema;
  value: unknown;
  onChange: (value: unknown) => void;
  pointer: string;
  ctx: Context;
  id: string;
}) {
  const { language } = useI18n();
  const label = fieldLabel(name, language);
  const model = fieldModel(schema, ctx.root);
  switch (model.kind) {
    case 'localizedText':
      return (
        <LocalizedTextInput
          value={value as LocalizedText | undefined}
          onChange={onChange}
          label={label}
          disabled={ctx.disabled}
        />
      );
    case 'duration':
      return (
        <DurationInput
          id={id}
          value={value as string | undefined}
          onChange={onChange}
          label={label}
          disabled={ctx.disabled}
        />
      );
    case 'assignee':
      return (
        <AssigneeInput
          id={id}
          value={value as AssigneeRule | undefined}
          onChange={onChange}
          label={label}
          groupOptions={ctx.groupOptions}
          disabled={ctx.disabled}
        />
      );
    case 'grade':
    case 'enum': {
      const values = model.kind === 'grade' ? [...GRADES] : model.values;
      return (
        <Select
          id={id}
          aria-label={label}
          allowClear
          disabled={ctx.disabled}
          value={value as string | undefined}
          onChange={(v?: string) => onChange(v)}
          options={values.map((v) => ({ value: v, label: enumLabel(name, v, language) }))}
          style={{ width: '100%' }}
        />
      );
    }
    case 'text':
      return (
        <CommitInput
          id={id}
          value={value as string | undefined}
          onCommit={onChange}
          ariaLabel={label}
          disabled={ctx.disabled}
        />
      );
    case 'scalar':
      return (
        <CommitInput
          id={id}
          value={
            typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
              ? String(value)
              : undefined
          }
          onCommit={(v) => onChange(v === undefined ? undefined : parseScalar(v))}
          ariaLabel={label}
          placeholder={
            language === 'zh' ? 'true / false / 数字 / 文字' : 'true / false / number / text'
          }
          disabled={ctx.disabled}
        />
      );
    case 'boolean':
      return (
        <Switch
          id={id}
          aria-label={label}
          disabled={ctx.disabled}
          checked={value === true}
          onChange={(checked) => onChange(checked)}
        />
      );
    case 'number':
      return (
        <CommitNumber
          id={id}
          value={value as number | undefined}
          onCommit={onChange}
          ariaLabel={label}
          min={model.min}
          max={model.max}
          step={model.max === 1 ? 0.05 : undefined}
          integer={model.integer}
          disabled={ctx.disabled}
        />
      );
    case 'gradeList': {
      const chosen = new Set((value as string[] | undefined) ?? []);
      return (
        <Checkbox.Group
          aria-label={label}
          disabled={ctx.disabled}
          value={[...chosen]}
          // Keep the order 好 → 差 whatever the clicking order.
          onChange={(v) => onChange(GRADES.filter((g) => v.includes(g)))}
          options={GRADES.map((g) => ({ value: g, label: g }))}
        />
      );
    }
    case 'enumList':
      return (
        <Select
          id={id}
          mode="multiple"
          aria-label={label}
          allowClear
          disabled={ctx.disabled}
          value={(value as string[] | undefined) ?? []}
          onChange={(v: string[]) => onChange(v.length > 0 ? v : undefined)}
          options={model.values.map((v) => ({ value: v, label: enumLabel(name, v, language) }))}
          style={{ width: '100%' }}
        />
      );
    case 'list':
      return (
        <ListEditor
          name={name}
          item={model.item}
          value={(value as unknown[] | undefined) ?? []}
          onChange={(list) => onChange(list.length > 0 ? list : undefined)}
          pointer={pointer}
          ctx={ctx}
        />
      );
    case 'object':
      return (
        <div className="sp-subform">
          <SchemaFields
            schema={model.schema}
            value={(value as Json | undefined) ?? {}}
            onChange={(v) => onChange(Object.keys(v).length > 0 ? v : undefined)}
            pointer={pointer}
            ctx={ctx}
          />
        </div>
      );
    case 'unknown':
      return null;
  }
}

function ListEditor({
  name,
  item,
  value,
  onChange,
  pointer,
  ctx,
}: {
  name: string;
  item: JsonSchema;
  value: unknown[];
  onChange: (value: unknown[]) => void;
  pointer: string;
  ctx: Context;
}) {
  const { language } = useI18n();
  const baseId = useId();
  const label = fieldLabel(name, language);
  const replace = (i: number, v: unknown) => onChange(value.map((x, k) => (k === i ? v : x)));
  return (
    <div className="sp-list">
      {value.map((entry, i) => (
        <div className="sp-list__item" key={i}>
          <div className="sp-list__body">
            <SchemaValue
              name={name}
              schema={item}
              value={entry}
              onChange={(v) => replace(i, v)}
              pointer={`${pointer}/${i}`}
              ctx={ctx}
              id={`${baseId}-${i}`}
            />
            {problemAt(ctx, `${pointer}/${i}/key`, language) && (
              <div className="sp-field__error">
                {problemAt(ctx, `${pointer}/${i}/key`, language)}
              </div>
            )}
          </div>
          {!ctx.disabled && (
            <Button
              size="small"
              type="text"
              danger
              icon={<DeleteOutlined />}
              aria-label={`${pick(ui.remove, language)}${label} ${i + 1}`}
              onClick={() => onChange(value.filter((_, k) => k !== i))}
            />
          )}
        </div>
      ))}
      {!ctx.disabled && (
        <Button
          size="small"
          icon={<PlusOutlined />}
          onClick={() => onChange([...value, defaultValue(item, ctx.root, value, name)])}
        >
          {pick(ui.add, language)}
          {label}
        </Button>
      )}
    </div>
  );
}

/** The fields of an object schema. */
function SchemaFields({
  schema,
  value,
  onChange,
  pointer,
  ctx,
  omit = [],
}: {
  schema: JsonSchema;
  value: Json;
  onChange: (value: Json) => void;
  pointer: string;
  ctx: Context;
  omit?: readonly string[];
}) {
  const { language } = useI18n();
  const baseId = useId();
  const set = (name: string, v: unknown) => {
    const next: Json = { ...value };
    if (v === undefined) delete next[name];
    else next[name] = v;
    onChange(next);
  };
  return (
    <>
      {objectProperties(schema, ctx.root)
        .filter((p) => !omit.includes(p.name))
        .map((p) => {
          const id = `${baseId}-${p.name}`;
          const at = `${pointer}/${p.name}`;
          return (
            <Field
              key={p.name}
              label={fieldLabel(p.name, language)}
              htmlFor={id}
              error={ctx.problems.find((x) => x.field === at)?.message[language]}
            >
              <SchemaValue
                name={p.name}
                schema={p.schema}
                value={value[p.name]}
                onChange={(v) => set(p.name, v)}
                pointer={at}
                ctx={ctx}
                id={id}
              />
            </Field>
          );
        })}
    </>
  );
}

/**
 * A form generated from one of the catalogue's JSON Schemas (a step kind's form, a guard's or an
 * action's params). Clearing a field removes it; an empty object becomes undefined.
 */
export function SchemaForm({
  schema,
  value,
  onChange,
  pointer = '',
  problems = [],
  disabled = false,
  omit,
  groupOptions,
}: {
  schema: JsonSchema;
  value: Json | undefined;
  onChange: (value: Json | undefined) => void;
  pointer?: string;
  problems?: readonly FieldProblem[];
  disabled?: boolean;
  omit?: readonly string[];
  groupOptions?: readonly { key: string; title: LocalizedText }[];
}) {
  const ctx: Context = { root: schema, problems, disabled, groupOptions };
  return (
    <SchemaFields
      schema={schema}
      value={value ?? {}}
      onChange={(v) => onChange(Object.keys(v).length > 0 ? v : undefined)}
      pointer={pointer}
      ctx={ctx}
      omit={omit}
    />
  );
}
