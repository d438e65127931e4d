/**
 * What the api's problem codes mean to the person who met them, in Chinese (the api words its
 * `title` in English, for logs and integrators). Codes not listed keep the api's own text.
 */
const zh: Record<string, string> = {
  // Requests and sessions
  VALIDATION_FAILED: '填写的内容有误，请检查后重试',
  BAD_REQUEST_BODY: '请求内容有误',
  MALFORMED_JSON: '请求内容有误',
  PAYLOAD_TOO_LARGE: '提交的内容过大',
  NOT_FOUND: '未找到，或您无权查看',
  ROUTE_NOT_FOUND: '未找到该页面或接口',
  FORBIDDEN: '您没有权限进行此操作',
  INTERNAL: '服务器出错了，请稍后再试',
  UNAVAILABLE: '服务暂时不可用，请稍后再试',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  NETWORK: '网络连接失败，请检查网络后重试',
  INVALID_CREDENTIALS: '用户名或密码错误',
  ACCOUNT_LOCKED: '登录失败次数过多，请稍后再试',
  ACCOUNT_INACTIVE: '账号已停用，请联系县级管理员',
  MISSING_TOKEN: '请先登录',
  INVALID_TOKEN: '登录已失效，请重新登录',
  SESSION_ENDED: '登录已失效，请重新登录',
  INVALID_REFRESH_TOKEN: '登录已失效，请重新登录',
  PASSWORD_CHANGE_REQUIRED: '请先修改初始密码',
  WRONG_CURRENT_PASSWORD: '当前密码不正确',
  PASSWORD_UNCHANGED: '新密码不能与当前密码相同',

  // Tasks
  TASK_NOT_YOURS: '这项任务不由您办理',
  TASK_ALREADY_CLOSED: '这项任务已经办结',
  TASK_CLAIMED_BY_OTHER: '这项任务已被他人认领',
  CANNOT_RATE_SELF: '书记不能测评本人所在的组织',
  URGE_TOO_SOON: '刚催办过，请稍后再催',
  NOT_A_SUPERIOR: '只有上级可以进行此操作',
  FORM_INVALID: '表单填写有误，请检查后重试',
  DUPLICATE_BALLOT: '您已投过票',
  NOT_A_RATER: '您不是本轮测评的评议人',
  NO_BALLOTS: '尚未收到测评票',
  NOT_THE_ORGANISER: '只有组织者可以进行此操作',
  CO_HANDLERS_PENDING: '还有加签人未签署，暂不能办结',
  NOT_FOR_RATING_TASKS: '测评任务不能这样办理',
  SEND_BACK_NOT_POSSIBLE: '这一步不能退回',
  NOT_THE_ACTOR: '只有办理人可以进行此操作',
  PERSON_NOT_FOUND: '未找到此人',
  ALREADY_PARTICIPANT: '此人已在这项任务中',
  NOT_A_PARTICIPANT: '您不在这项任务中',
  WRONG_STEP: '当前环节不能进行此操作',
  NOT_ALLOWED: '当前不能进行此操作',
  ATTACHMENT_TYPE_NOT_ALLOWED: '不支持此类型的附件',
  ATTACHMENT_TOO_LARGE: '附件过大',
  ALREADY_PROPOSED: '您已提交过选题',
  ALREADY_VOTED: '您已投过票',
  TOPIC_ROUND_CLOSED: '选题征集已结束',
  PUBLICITY_CLOSED: '公示期已结束',
  ALREADY_OBJECTED: '您已提出过异议',
  OBJECTIONS_NOT_ACCEPTED: '此公示不受理异议',
  ITEM_ALREADY_VERIFIED: '该整改事项已验收',
  NOT_SIGNED: '承诺尚未签署',
  NO_DOCUMENT: '没有可下载的文件',

  // Supervision
  NOT_A_SUPERVISOR: '督办页面供督查员、组织部门和乡镇（街道）党委书记使用',
  SUPERVISION_NOT_ALLOWED: '您没有督办此项的权限',
  INSTANCE_FINISHED: '该组织的述评流程已结束',
  DEADLINE_IN_PAST: '新的截止时间不能早于现在',
  TASK_HAS_NO_DEADLINE: '这项任务没有截止时间',
  ALREADY_ESCALATED: '已经发出督办单',
  ESCALATION_ALREADY_CLOSED: '督办单已办结',
  UNKNOWN_USER: '未找到此人',
  MOVE_NOT_AVAILABLE: '不能调整到该环节',
  NO_RESULTS: '尚无考评结果',
  INVALID_NOTICE: '公示内容有误，请检查公示期',

  // Administration
  NOT_COUNTY_ADMIN: '此操作需要县级管理员权限',
  NOT_PROVINCE_ADMIN: '此操作需要省级管理员权限',
  ORG_CODE_TAKEN: '组织代码已被使用',
  ORG_KIND_NOT_ALLOWED: '此处不能设立这一类组织',
  ORG_IS_ROOT: '不能对县本级进行此操作',
  ORG_MOVE_INTO_ITSELF: '不能把组织移到它自己的下级',
  ORG_HAS_ACTIVE_CHILDREN: '该组织还有未撤销的下级组织',
  ORG_HAS_ACTIVE_INSTANCES: '该组织还有进行中的述评流程',
  ORG_CLOSED: '该组织已撤销',
  ORG_NOT_CLOSED: '该组织未撤销',
  IMPORT_INVALID: '导入文件中有错误，请按提示修改后重新导入',
  IMPORT_UNREADABLE: '无法读取导入文件',
  IMPORT_CONFLICT: '导入内容与现有数据冲突',
  USERNAME_TAKEN: '用户名已被使用',
  USER_INACTIVE: '该账号已停用',
  CANNOT_CHANGE_SELF: '不能对自己的账号进行此操作',
  ROLE_NOT_ALLOWED_AT_ORG: '该角色不能设在这一组织',
  RATER_GROUP_REQUIRED: '请选择评议人类别',
  ROLE_ALREADY_HELD: '此人已担任该角色',
  ROLE_MANAGED_BY_LINK: '该角色由联系点产生，请在联系点中修改',
  SECRETARY_TAKES_EFFECT_NOW: '书记任职只能从现在开始生效',
  ASSIGNMENT_ENDED: '该任职已结束',
  BAD_PERIOD: '起止时间有误',
  STAND_IN_SELF: '不能指定自己为代理人',
  NO_ROLES_TO_HAND_OVER: '没有可移交的角色',
  LINK_KIND_NOT_ALLOWED: '不能建立这一类联系点',
  LINK_USER_NOT_ABOVE: '联系领导须在该组织的上级',
  LINK_EXISTS: '该联系点已存在',
  LINK_ENDED: '该联系点已结束',
  CALENDAR_NO_CHANGE: '工作日历没有变化',
  BAD_DATE: '日期有误',
  COUNTY_CODE_TAKEN: '县代码已被使用',
  EXPORT_TOO_LARGE: '导出的内容过多，请缩小范围',
};

/** The language the person reads (as the app's language switch stores it). */
function language(): 'zh' | 'en' {
  try {
    return localStorage.getItem('shuping.language') === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

/** Chinese characters: the api already words its public pages' answers in Chinese. */
const CHINESE = /[\u4e00-\u9fff]/;

/**
 * The text to show for a problem: the Chinese for a known code, unless the api's own text is
 * Chinese already (it is more precise); else the api's own text.
 */
export function problemMessage(code: string, apiText: string): string {
  if (language() === 'zh' && code in zh && !CHINESE.test(apiText)) return zh[code];
  return apiText || code;
}
