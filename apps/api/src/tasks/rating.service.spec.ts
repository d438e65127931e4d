import { aggregateRound, ballotHash } from './rating.service.js';

const round = { subject_org_id: 'v1', direction: 'downward' as const };
const b = (grade: '好' | '较好' | '一般' | '差', group = 'panel') => ({
  rater_group: group,
  grade,
  dimensions: {},
});

describe('closing a rating round', () => {
  it('gives the best grade at least half the ballots reach', () => {
    expect(
      aggregateRound({}, round, [b('一般'), b('一般'), b('较好')], 3, 'complete'),
    ).toMatchObject({
      grade: '一般',
      ballots: 3,
      eligible: 3,
      counts: { 好: 0, 较好: 1, 一般: 2, 差: 0 },
    });
    expect(aggregateRound({}, round, [b('好'), b('好'), b('差')], 3, 'complete')['grade']).toBe(
      '好',
    );
    expect(aggregateRound({}, round, [b('差'), b('差'), b('一般')], 3, 'complete')['grade']).toBe(
      '差',
    );
  });

  it('weights groups when every ballot group has a weight, and aggregates dimensions', () => {
    const settings = {
      raterGroups: [
        { key: 'members', title: { zh: '党员', en: 'M' }, weight: 0.7, anonymous: true },
        { key: 'masses', title: { zh: '群众', en: 'P' }, weight: 0.3, anonymous: true },
      ],
      dimensions: [{ key: 'thought', title: { zh: '思想', en: 'T' } }],
    };
    const ballots = [
      { rater_group: 'members', grade: '好' as const, dimensions: { thought: '好' as const } },
      { rater_group: 'masses', grade: '差' as const, dimensions: { thought: '差' as const } },
      { rater_group: 'masses', grade: '差' as const, dimensions: { thought: '差' as const } },
    ];
    const data = aggregateRound(settings, round, ballots, 3, 'complete');
    expect(data['grade']).toBe('好');
    expect(data['dimensions']).toEqual({ thought: '好' });
  });

  it('keys ballots by a salted hash, never by the rater', () => {
    expect(ballotHash('salt', 'u1')).toMatch(/^[0-9a-f]{64}$/);
    expect(ballotHash('salt', 'u1')).not.toBe(ballotHash('other', 'u1'));
  });
});
