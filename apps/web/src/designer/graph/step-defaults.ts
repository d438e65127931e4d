import {
  GRADES,
  stepKindCatalogue,
  type AssigneeRule,
  type StateNodeDefinition,
  type StepKind,
  type StepMeta,
} from '@shuping/engine';

/** What the palette can add: a step of any kind, or a container. */
export type PaletteItem = StepKind | 'parallel' | 'compound';

/** Default assignee of each human kind (the designer changes it in the side panel). */
const DEFAULT_ASSIGNEE: Partial<Record<StepKind, AssigneeRule>> = {
  nominate: { role: 'superiorCommittee' },
  investigate: { role: 'superiorCommittee' },
  topicSelection: { role: 'superiorCommittee' },
  reportWriting: { role: 'selfSecretary' },
  speaking: { role: 'selfSecretary' },
  critique: { role: 'superiorSecretary' },
  aggregation: { role: 'superiorCommittee' },
  commitment: { role: 'selfSecretary' },
  talk: { role: 'superiorSecretary' },
  rectification: { role: 'selfSecretary' },
  accountability: { role: 'countyOrgDept' },
  resultApplication: { role: 'superiorCommittee' },
};

const lt = (zh: string, en: string) => ({ zh, en });

/** The five rating dimensions of the seeds (思想、组织、作风、业绩、创新). */
export const DEFAULT_DIMENSIONS = [
  { key: 'thought', title: lt('思想建设', 'Ideological work') },
  { key: 'organisation', title: lt('组织建设', 'Organisation building') },
  { key: 'integrity', title: lt('党风廉政建设', 'Conduct and integrity') },
  { key: 'performance', title: lt('工作绩效', 'Performance') },
  { key: 'innovation', title: lt('工作创新', 'Innovation') },
];

function defaultForm(kind: StepKind): Record<string, unknown> | undefined {
  switch (kind) {
    case 'rating':
      return {
        direction: 'downward',
        dimensions: DEFAULT_DIMENSIONS,
        grades: [...GRADES],
        raterGroups: [
          {
            key: 'partyMembers',
            title: lt('党员代表', 'Party-member representatives'),
            anonymous: true,
          },
          { key: 'massesReps', title: lt('群众代表', 'Masses representatives'), anonymous: true },
        ],
        oneBallotPerRater: true,
      };
    case 'speaking':
      return { timeLimit: 'PT8M' };
    case 'reportWriting':
      return { targetLength: 2500 };
    case 'publicity':
      return { period: '5WD', subject: 'results', objections: true };
    case 'wait':
      return { duration: 'P7D' };
    default:
      return undefined;
  }
}

/** `meta` of a new step of `kind`, titled with the catalogue's label. */
export function defaultStepMeta(kind: StepKind): StepMeta {
  const info = stepKindCatalogue[kind];
  const meta: Record<string, unknown> = { kind, title: { ...info.label } };
  if (kind === 'rating') {
    meta['assignee'] = { role: 'raters', groups: ['partyMembers', 'massesReps'] };
  } else if (DEFAULT_ASSIGNEE[kind]) {
    meta['assignee'] = DEFAULT_ASSIGNEE[kind];
  }
  const form = defaultForm(kind);
  if (form) meta['form'] = form;
  return meta as StepMeta;
}

/** A new state of `kind` (without transitions). */
export function defaultState(kind: StepKind): StateNodeDefinition {
  return kind === 'end'
    ? { type: 'final', meta: defaultStepMeta('end') }
    : { meta: defaultStepMeta(kind) };
}

/**
 * A new two-way block (上级与下级同时): a parallel state with two regions, each a speaking step
 * followed by its own end. The block is done when both regions are.
 */
export function defaultParallelBlock(): StateNodeDefinition {
  const region = (title: { zh: string; en: string }, role: AssigneeRule['role'], x: number) => ({
    initial: 'speaking',
    meta: { kind: 'group' as const, title, position: { x: 0, y: x } },
    states: {
      speaking: {
        meta: {
          ...defaultStepMeta('speaking'),
          assignee: { role } as AssigneeRule,
          position: { x: 0, y: 0 },
        },
        on: { SUBMIT: 'done' },
      },
      done: {
        type: 'final' as const,
        meta: { kind: 'end' as const, title: lt('完成', 'Done'), position: { x: 250, y: 0 } },
      },
    },
  });
  return {
    type: 'parallel',
    meta: { kind: 'group', title: lt('双向述职（上下级同时）', 'Two-way (both levels at once)') },
    states: {
      superior: region(lt('上级向下述职', 'Superior reports down'), 'superiorSecretary', 0),
      subordinate: region(lt('下级向上述职', 'Subordinate reports up'), 'selfSecretary', 160),
    },
  };
}

/** A new sub-process: a compound state with one step and its end. */
export function defaultCompoundBlock(): StateNodeDefinition {
  return {
    initial: 'step',
    meta: { kind: 'group', title: lt('子流程', 'Sub-process') },
    states: {
      step: {
        meta: { ...defaultStepMeta('reportWriting'), position: { x: 0, y: 0 } },
        on: { SUBMIT: 'done' },
      },
      done: {
        type: 'final',
        meta: { kind: 'end', title: lt('完成', 'Done'), position: { x: 250, y: 0 } },
      },
    },
  };
}

/** Base of the state key of a new item (made unique among its siblings). */
export function keyBaseOf(item: PaletteItem): string {
  switch (item) {
    case 'parallel':
      return 'twoWay';
    case 'compound':
      return 'subProcess';
    case 'end':
      return 'done';
    default:
      return item;
  }
}
