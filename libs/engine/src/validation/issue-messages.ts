import type { LocalizedText } from '../definition/common.schema.js';
import { toPointer, ValidationCode, type ValidationIssue } from './validation-code.js';

type Template = (detail: string) => LocalizedText;

const withDetail =
  (zh: string, en: string): Template =>
  (detail) =>
    detail ? { zh: `${zh}：${detail}`, en: `${en}: ${detail}` } : { zh, en };

/** Bilingual message of every code; `detail` names the offending thing. */
const templates: Readonly<Record<ValidationCode, Template>> = {
  [ValidationCode.InvalidJson]: withDetail('不是有效的 JSON', 'not valid JSON'),
  [ValidationCode.DuplicateKey]: withDetail('同一对象中键重复', 'duplicate key in one object'),
  [ValidationCode.DefinitionTooLarge]: withDetail('流程定义过大', 'the definition is too large'),
  [ValidationCode.NestingTooDeep]: withDetail('JSON 嵌套过深', 'JSON nesting is too deep'),
  [ValidationCode.TooManyStates]: withDetail('状态数量超过上限', 'too many states'),
  [ValidationCode.StateNestingTooDeep]: withDetail(
    '状态嵌套层级过深',
    'states are nested too deeply',
  ),
  [ValidationCode.CodeNotAllowed]: withDetail(
    '流程定义不能包含函数或代码，只能引用目录中的条件与动作',
    'definitions may not carry functions or code, only catalogue references',
  ),
  [ValidationCode.UnknownProperty]: withDetail('未知属性', 'unknown property'),
  [ValidationCode.InvalidField]: withDetail('字段值无效', 'invalid value'),
  [ValidationCode.InvalidStateKey]: withDetail(
    '状态名须为字母、数字、下划线或连字符，且以字母或下划线开头',
    'state keys must be identifiers (letters, digits, _ or -)',
  ),
  [ValidationCode.InvalidEventName]: withDetail(
    '事件名须为大写字母、数字和下划线',
    'event names must be UPPER_SNAKE_CASE',
  ),
  [ValidationCode.ReservedEvent]: withDetail(
    '事件名为引擎保留',
    'the event name is reserved by the engine',
  ),
  [ValidationCode.UnknownStepKind]: withDetail('未知的步骤类型', 'unknown step kind'),
  [ValidationCode.MissingStepKind]: withDetail(
    '步骤缺少类型（meta.kind）',
    'the step has no kind (meta.kind)',
  ),
  [ValidationCode.KindNotAllowed]: withDetail(
    '步骤类型与状态类型不符',
    'the kind does not fit the state type',
  ),
  [ValidationCode.UnknownGuard]: withDetail('条件不在目录中', 'the guard is not in the catalogue'),
  [ValidationCode.UnknownAction]: withDetail(
    '动作不在目录中',
    'the action is not in the catalogue',
  ),
  [ValidationCode.InvalidParams]: withDetail(
    '参数不符合目录定义',
    'params do not match the catalogue',
  ),
  [ValidationCode.ActionNotAllowedHere]: withDetail(
    '该动作不能用在此处',
    'the action is not allowed here',
  ),
  [ValidationCode.InvalidDelay]: withDetail(
    '延时须为时长（如 P5D、3WD）或目录中的延时',
    'delays must be a duration (P5D, 3WD) or a catalogue delay',
  ),
  [ValidationCode.InvalidDuration]: withDetail(
    '时长须为 ISO 8601 格式（如 PT8M、P3D）或工作日（如 3WD）',
    'durations must be ISO 8601 (PT8M, P3D) or working days (3WD)',
  ),
  [ValidationCode.MissingAssignee]: withDetail(
    '人工步骤未指定办理人',
    'the human step has no assignee rule',
  ),
  [ValidationCode.InvalidAssignee]: withDetail('办理人规则无效', 'invalid assignee rule'),
  [ValidationCode.InvalidEscalation]: withDetail(
    '期限、提醒或督办设置无效',
    'invalid deadline, reminders or escalation',
  ),
  [ValidationCode.DuplicateId]: withDetail('状态 id 重复', 'duplicate state id'),
  [ValidationCode.InvalidInitial]: withDetail(
    '初始状态缺失或不存在',
    'the initial state is missing or unknown',
  ),
  [ValidationCode.UnknownTarget]: withDetail(
    '流转目标不存在',
    'the transition target does not exist',
  ),
  [ValidationCode.InvalidStateType]: withDetail('状态类型设置无效', 'invalid state type'),
  [ValidationCode.UnreachableState]: withDetail('该状态无法到达', 'the state can never be reached'),
  [ValidationCode.NoPathToFinal]: withDetail(
    '从该状态无法到达结束状态',
    'no way to a final state from here',
  ),
  [ValidationCode.InvalidDecision]: withDetail('判断节点设置无效', 'invalid decision node'),
  [ValidationCode.DecisionNotCovered]: withDetail(
    '判断分支未覆盖所有结果：最后一个分支须无条件，或各条件互补',
    'branches do not cover every outcome: end with an unguarded fallback or use complementary guards',
  ),
  [ValidationCode.AutoAdvanceUnhandled]: withDetail(
    '自动推进事件在该步骤上没有流转',
    'the auto-advance event has no transition on the step',
  ),
};

/** Builds an issue with its bilingual message. */
export function makeIssue(
  code: ValidationCode,
  segments: readonly (string | number)[],
  detail = '',
  state?: string,
): ValidationIssue {
  const issue: ValidationIssue = {
    path: toPointer(segments),
    code,
    message: templates[code](detail),
  };
  return state === undefined ? issue : { ...issue, state };
}
