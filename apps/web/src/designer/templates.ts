import type { WorkflowDefinition } from '@shuping/engine';

/** The built-in county templates (`workflows/*.json`), bundled with the web app. */
const files = import.meta.glob<WorkflowDefinition>('../../../../workflows/*.json', {
  eager: true,
  import: 'default',
});

/** Order of the templates in pickers: the default process first, then the county processes. */
const ORDER = [
  'standard-review',
  'xinye-four-two-way',
  'haiyan-topic-assigned',
  'shenqiu-dual-report',
  'township-plan-2017',
  'pengan-accountability',
];

export const TEMPLATES: readonly WorkflowDefinition[] = Object.values(files).sort(
  (a, b) =>
    (ORDER.indexOf(a.id) + 1 || ORDER.length + 1) - (ORDER.indexOf(b.id) + 1 || ORDER.length + 1) ||
    a.id.localeCompare(b.id),
);
