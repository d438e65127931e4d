import { catalogue } from '@shuping/engine';
import { defaultValue, fieldModel, objectProperties, parseScalar } from './schema-model';

const formOf = (kind: string) => {
  const entry = catalogue.stepKinds.find((k) => k.kind === kind);
  if (!entry) throw new Error(kind);
  return entry.formSchema;
};

describe('schema model', () => {
  it('reads the rating form into dedicated inputs', () => {
    const root = formOf('rating');
    const fields = Object.fromEntries(
      objectProperties(root, root).map((p) => [p.name, fieldModel(p.schema, root).kind]),
    );
    expect(fields).toEqual({
      direction: 'enum',
      dimensions: 'list',
      grades: 'gradeList',
      raterGroups: 'list',
      oneBallotPerRater: 'boolean',
      fullMarks: 'number',
    });
  });

  it('recognises durations, assignees and bilingual texts by their definitions', () => {
    const speaking = formOf('speaking');
    const [timeLimit] = objectProperties(speaking, speaking);
    expect(fieldModel(timeLimit.schema, speaking)).toEqual({ kind: 'duration' });
    const rect = formOf('rectification');
    const verifiedBy = objectProperties(rect, rect).find((p) => p.name === 'verifiedBy');
    expect(fieldModel(verifiedBy!.schema, rect)).toEqual({ kind: 'assignee' });
    const decision = formOf('decision');
    expect(fieldModel(objectProperties(decision, decision)[0].schema, decision)).toEqual({
      kind: 'localizedText',
    });
  });

  it('makes new list items with unique keys and required fields filled', () => {
    const root = formOf('rating');
    const groups = objectProperties(root, root).find((p) => p.name === 'raterGroups')!;
    const model = fieldModel(groups.schema, root);
    if (model.kind !== 'list') throw new Error('list expected');
    expect(defaultValue(model.item, root, [{ key: 'item1' }])).toEqual({
      key: 'item2',
      title: { zh: '新项', en: 'New item' },
      anonymous: false,
    });
  });

  it('reads guard params, including the scalar of resultEquals', () => {
    const guard = catalogue.guards.find((g) => g.type === 'resultEquals')!;
    const props = objectProperties(guard.paramsSchema, guard.paramsSchema);
    expect(props.map((p) => [p.name, p.required])).toEqual([
      ['step', false],
      ['field', true],
      ['value', true],
      ['negate', false],
    ]);
    expect(fieldModel(props[2].schema, guard.paramsSchema)).toEqual({ kind: 'scalar' });
    expect([parseScalar('true'), parseScalar('3'), parseScalar('passed')]).toEqual([
      true,
      3,
      'passed',
    ]);
  });
});
