import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { catalogue, type ActionRef, type ActionType } from '@shuping/engine';
import { Button, Select } from 'antd';
import { useI18n } from '../../i18n';
import { pick, ui } from '../designer-messages';
import { defaultValue } from '../forms/schema-model';
import { SchemaForm } from './schema-form';

type Actions = ActionRef | ActionRef[] | undefined;

function toList(actions: Actions): ActionRef[] {
  if (actions === undefined) return [];
  return Array.isArray(actions) ? actions : [actions];
}

/**
 * Catalogue actions of an entry, exit or transition, each with its params form. A single action
 * written as an object stays an object until a second one is added.
 */
export function ActionsEditor({
  value,
  onChange,
  position,
  label,
  disabled,
}: {
  value: Actions;
  onChange: (value: Actions) => void;
  position: 'entry' | 'exit' | 'transition';
  label: string;
  disabled?: boolean;
}) {
  const { language } = useI18n();
  const list = toList(value);
  const wasList = Array.isArray(value);
  const allowed = catalogue.actions.filter((a) => a.positions.includes(position));
  const emit = (next: ActionRef[]) =>
    onChange(next.length === 0 ? undefined : next.length === 1 && !wasList ? next[0] : next);
  const fresh = (type: ActionType): ActionRef => {
    const entry = catalogue.actions.find((a) => a.type === type);
    const params = entry ? defaultValue(entry.paramsSchema, entry.paramsSchema) : {};
    return { type, params } as ActionRef;
  };
  return (
    <div className="sp-actions" aria-label={label}>
      {list.map((action, i) => {
        const entry = catalogue.actions.find((a) => a.type === action.type);
        return (
          <div className="sp-list__item sp-action" key={i}>
            <div className="sp-list__body">
              <Select<ActionType>
                aria-label={`${label} ${i + 1}`}
                disabled={disabled}
                value={action.type}
                onChange={(type) => emit(list.map((a, k) => (k === i ? fresh(type) : a)))}
                options={allowed.map((a) => ({ value: a.type, label: pick(a.label, language) }))}
                style={{ width: '100%' }}
              />
              {entry && (
                <div className="sp-subform">
                  <SchemaForm
                    schema={entry.paramsSchema}
                    value={action.params}
                    disabled={disabled}
                    onChange={(params) =>
                      emit(
                        list.map((a, k) =>
                          k === i ? ({ ...a, params: params ?? {} } as ActionRef) : a,
                        ),
                      )
                    }
                  />
                </div>
              )}
            </div>
            {!disabled && (
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={`${pick(ui.remove, language)} ${pick(entry?.label, language)}`}
                onClick={() => emit(list.filter((_, k) => k !== i))}
              />
            )}
          </div>
        );
      })}
      {!disabled && allowed[0] && (
        <Button
          size="small"
          icon={<PlusOutlined />}
          onClick={() => emit([...list, fresh(allowed[0].type)])}
        >
          {pick(ui.addAction, language)}
        </Button>
      )}
    </div>
  );
}
