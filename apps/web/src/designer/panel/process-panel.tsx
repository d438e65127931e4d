import { Input, Select, Typography } from 'antd';
import { useId } from 'react';
import { useI18n } from '../../i18n';
import { enumLabels, pick, ui } from '../designer-messages';
import { localizedTextProblem } from '../forms/form-rules';
import type { DefinitionShell } from '../graph/graph.types';
import { CommitInput, Field, LocalizedTextInput } from './fields';

type Level = NonNullable<DefinitionShell['subjectLevel']>;

/** Side panel of the process itself (nothing selected): names, description, level, source. */
export function ProcessPanel({
  shell,
  editable,
  onChange,
}: {
  shell: DefinitionShell;
  editable: boolean;
  onChange: (shell: DefinitionShell) => void;
}) {
  const { language } = useI18n();
  const ids = { id: useId(), level: useId(), source: useId() };
  const set = (patch: Partial<DefinitionShell>) => {
    const next: Record<string, unknown> = { ...shell, ...patch };
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
    onChange(next as DefinitionShell);
  };
  const nameProblem = localizedTextProblem(shell.name);
  return (
    <div className="sp-section">
      <Typography.Paragraph type="secondary">{pick(ui.selectHint, language)}</Typography.Paragraph>
      <Field label={pick(ui.processId, language)} htmlFor={ids.id}>
        <Input id={ids.id} value={shell.id} disabled />
      </Field>
      <Field
        label={pick(ui.name, language)}
        error={nameProblem ? pick(nameProblem, language) : null}
      >
        <LocalizedTextInput
          value={shell.name}
          label={pick(ui.name, language)}
          disabled={!editable}
          onChange={(name) => set({ name: name ?? { zh: '', en: '' } })}
        />
      </Field>
      <Field label={pick(ui.description, language)}>
        <LocalizedTextInput
          value={shell.description}
          label={pick(ui.description, language)}
          multiline
          disabled={!editable}
          onChange={(description) => set({ description })}
        />
      </Field>
      <Field label={pick(ui.subjectLevel, language)} htmlFor={ids.level}>
        <Select<Level>
          id={ids.level}
          aria-label={pick(ui.subjectLevel, language)}
          allowClear
          disabled={!editable}
          value={shell.subjectLevel}
          onChange={(subjectLevel?: Level) => set({ subjectLevel })}
          options={Object.entries(enumLabels['subjectLevel'] ?? {}).map(([value, label]) => ({
            value: value as Level,
            label: pick(label, language),
          }))}
          style={{ width: '100%' }}
        />
      </Field>
      <Field label={pick(ui.sourceNote, language)} htmlFor={ids.source}>
        <CommitInput
          id={ids.source}
          value={shell.source}
          disabled={!editable}
          multiline
          onCommit={(source) => set({ source })}
        />
      </Field>
    </div>
  );
}
