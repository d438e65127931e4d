import { api } from '../api/client';

/** A public notice (公示) as the public API answers it. */
export interface Notice {
  id: string;
  countyId: string;
  orgName: string;
  subject: string;
  title: { zh: string; en: string };
  body: {
    channels?: string[];
    period?: string;
    until?: string | null;
    facts?: { grade?: string | null; score?: number | null; objections?: number };
  } & Record<string, unknown>;
  publishedAt: string;
  until: string | null;
}

export interface PublicTopicRound {
  id: string;
  orgName: string;
  stepTitle: string;
  open: boolean;
  closesAt: string | null;
  pick: 'mostSupported' | 'committeeChoice';
  categories: { key: string; title: { zh: string; en: string } }[];
  chosenProposalId: string | null;
  proposals: { id: string; text: string; category: string | null; support: number }[];
  votes: number;
}

export const noticesApi = {
  list: (countyId: string | null, includeClosed: boolean) =>
    api<Notice[]>(
      `/public/notices?includeClosed=${String(includeClosed)}${countyId ? `&countyId=${countyId}` : ''}`,
    ),
  object: (noticeId: string, text: string, identity: string) =>
    api<{ id: string; routed: boolean }>(`/public/notices/${noticeId}/objections`, {
      method: 'POST',
      body: { text, identity },
    }),
  round: (id: string) => api<PublicTopicRound>(`/public/topic-rounds/${id}`),
  propose: (id: string, text: string, identity: string, category?: string) =>
    api<PublicTopicRound>(`/public/topic-rounds/${id}/proposals`, {
      method: 'POST',
      body: { text, identity, ...(category ? { category } : {}) },
    }),
  vote: (id: string, proposalId: string, identity: string) =>
    api<PublicTopicRound>(`/public/topic-rounds/${id}/votes`, {
      method: 'POST',
      body: { proposalId, identity },
    }),
};

/** Labels of what a notice publishes and where. */
export const SUBJECT_LABELS: Record<string, { zh: string; en: string }> = {
  commitments: { zh: '承诺公示', en: 'Commitments' },
  results: { zh: '述职评议结果公示', en: 'Review results' },
  ratings: { zh: '民主测评结果公示', en: 'Rating results' },
  rectification: { zh: '整改情况公示', en: 'Rectification' },
  accountability: { zh: '问责情况公示', en: 'Accountability' },
  topics: { zh: '述职题目公示', en: 'Topics' },
};

export const CHANNEL_LABELS: Record<string, string> = {
  smartPartyPlatform: '智慧党建平台',
  governmentWebsite: '政务网',
  radioTv: '广播电视台',
  villageBoard: '村务公开栏',
  wechat: '微信公众号',
  meeting: '会议',
};
