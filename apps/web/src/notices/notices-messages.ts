import { useI18n } from '../i18n';

const messages = {
  title: { zh: '公示', en: 'Public notices' },
  intro: {
    zh: '公示期内的承诺、述职评议结果与整改情况。对公示内容有异议的，可在公示期内实名提出（仅保存加密后的号码，用于防止重复提交）。',
    en: 'Commitments, results and rectification under publicity. Objections are accepted during the period.',
  },
  includeClosed: { zh: '显示已结束的公示', en: 'Show closed notices' },
  until: { zh: '公示截止', en: 'Until' },
  published: { zh: '发布时间', en: 'Published' },
  closed: { zh: '公示期已结束', en: 'Closed' },
  open: { zh: '公示中', en: 'Open' },
  grade: { zh: '综合评价', en: 'Overall grade' },
  channels: { zh: '公示渠道', en: 'Channels' },
  object: { zh: '提出异议', en: 'Object' },
  objectionText: { zh: '异议内容', en: 'Objection' },
  identity: { zh: '手机号或身份证号', en: 'Mobile or ID number' },
  identityHelp: {
    zh: '仅用于确认每人一次，系统只保存加密后的摘要，不保存号码本身。',
    en: 'Used only to allow one entry per person; only a salted hash is kept.',
  },
  objected: { zh: '异议已受理，将按程序复核。', en: 'Your objection has been received.' },
  objectedNoRoute: {
    zh: '异议已受理，该公示已在复核中。',
    en: 'Received; this notice is already under review.',
  },
  empty: { zh: '暂无公示', en: 'No notices' },
  'topic.title': { zh: '群众点题', en: 'Propose a topic' },
  'topic.intro': {
    zh: '请提出您最希望书记在述职中回答的问题，或支持已有的题目。每人每轮可提一个题目、支持一个题目。',
    en: 'Propose what the secretary should report on, or support a topic. One proposal and one vote per person.',
  },
  'topic.closed': { zh: '本轮征集已结束', en: 'This round is closed' },
  'topic.text': { zh: '建议的述职题目', en: 'Your topic' },
  'topic.category': { zh: '分类', en: 'Category' },
  'topic.propose': { zh: '提交题目', en: 'Propose' },
  'topic.support': { zh: '支持', en: 'Support' },
  'topic.supporters': { zh: '人支持', en: 'supporters' },
  'topic.proposed': { zh: '题目已提交，感谢参与！', en: 'Thank you for your proposal!' },
  'topic.voted': { zh: '已支持该题目，感谢参与！', en: 'Thank you for your vote!' },
  'topic.list': { zh: '已征集的题目', en: 'Topics so far' },
  'topic.closesAt': { zh: '征集截止', en: 'Closes' },
  'topic.chosen': { zh: '已选定为述职题目', en: 'Chosen' },
  submit: { zh: '提交', en: 'Submit' },
  cancel: { zh: '取消', en: 'Cancel' },
} as const;

export type NoticesMessageKey = keyof typeof messages;

export function useNoticesText(): { t: (key: NoticesMessageKey) => string; zh: boolean } {
  const { language } = useI18n();
  return { t: (key) => messages[key][language], zh: language === 'zh' };
}
