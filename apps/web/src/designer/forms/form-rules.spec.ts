import {
  approximateMinutes,
  classProblems,
  durationProblem,
  eventNameProblem,
  joinDuration,
  localizedTextProblem,
  ratingProblems,
  reminderProblems,
  sectionProblems,
  splitDuration,
  stateKeyProblem,
  stepMetaProblems,
  timeLimitProblem,
  type DurationUnit,
} from './form-rules';

const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

describe('duration fields', () => {
  it.each([
    ['PT8M', 8, 'minutes'],
    ['PT24H', 24, 'hours'],
    ['P3D', 3, 'days'],
    ['3WD', 3, 'workingDays'],
    ['P2W', 2, 'weeks'],
    ['P6M', 6, 'months'],
  ] as [string, number, DurationUnit][])('splits %s and joins it back', (text, amount, unit) => {
    expect(splitDuration(text)).toEqual({ amount, unit });
    expect(joinDuration(amount, unit)).toBe(text);
  });

  it('leaves compound durations to the text field', () => {
    expect(splitDuration('P1DT2H')).toBeNull();
    expect(splitDuration('nonsense')).toBeNull();
  });

  it.each([
    ['P3D', null],
    ['PT8M', null],
    ['3WD', null],
    ['P1DT12H', null],
    ['3 days', 'format'],
    ['0WD', 'format'],
    ['P', 'format'],
    ['PT0M', 'zero'],
    ['P0D', 'zero'],
  ])('checks %s', (text, expected) => {
    const problem = durationProblem(text);
    if (expected === null) expect(problem).toBeNull();
    else if (expected === 'zero') expect(problem?.zh).toBe('时长必须大于零');
    else expect(problem?.zh).toContain('P3D');
  });

  it('requires a value only when asked to', () => {
    expect(durationProblem(undefined)).toBeNull();
    expect(durationProblem('', { required: true })?.zh).toBe('请填写时长');
  });

  it('compares working days with calendar days', () => {
    expect(approximateMinutes('5WD')).toBe(7 * 24 * 60);
    expect(approximateMinutes('PT2H')).toBe(120);
  });
});

describe('reminders', () => {
  it('accepts reminders shorter than the deadline', () => {
    expect(reminderProblems(['PT24H', 'PT2H'], '5WD')).toEqual([]);
  });

  it('refuses reminders as long as the deadline, repeats, and reminders without a deadline', () => {
    expect(fields(reminderProblems(['P3D'], 'P3D'))).toEqual(['/reminders/0']);
    expect(fields(reminderProblems(['PT2H', 'PT2H'], 'P1D'))).toEqual(['/reminders/1']);
    expect(fields(reminderProblems(['PT2H'], undefined))).toEqual(['/reminders']);
    expect(reminderProblems(['2 hours'], 'P1D')[0]?.field).toBe('/reminders/0');
  });
});

describe('speech time limit', () => {
  it('wants minutes, at most two hours', () => {
    expect(timeLimitProblem('PT8M')).toBeNull();
    expect(timeLimitProblem('PT10M')).toBeNull();
    expect(timeLimitProblem('1WD')).not.toBeNull();
    expect(timeLimitProblem('PT3H')).not.toBeNull();
  });
});

describe('rating settings', () => {
  const groups = [
    { key: 'partyMembers', anonymous: true, weight: 0.4 },
    { key: 'massesReps', anonymous: true, weight: 0.3 },
    { key: 'townshipCadres', anonymous: false, weight: 0.3 },
  ];

  it('accepts the four grades in order with weights adding up to 100%', () => {
    expect(
      ratingProblems(
        { grades: ['好', '较好', '一般', '差'], raterGroups: groups },
        { role: 'raters', groups: ['partyMembers'] },
      ),
    ).toEqual([]);
    expect(ratingProblems({ grades: ['好', '一般', '差'] })).toEqual([]);
  });

  it('refuses fewer than two grades, repeats and a wrong order', () => {
    expect(fields(ratingProblems({ grades: ['好'] }))).toEqual(['/form/grades']);
    expect(fields(ratingProblems({ grades: ['差', '好'] }))).toEqual(['/form/grades']);
    expect(fields(ratingProblems({ grades: ['好', '好'] }))).toEqual(['/form/grades']);
  });

  it('checks weights, keys and the raters of the assignee', () => {
    const partial = [
      { key: 'a', anonymous: true, weight: 0.5 },
      { key: 'b', anonymous: true },
    ];
    expect(fields(ratingProblems({ raterGroups: partial }))).toEqual(['/form/raterGroups']);
    const wrongSum = [
      { key: 'a', anonymous: true, weight: 0.5 },
      { key: 'b', anonymous: true, weight: 0.2 },
    ];
    expect(ratingProblems({ raterGroups: wrongSum })[0]?.message.zh).toBe(
      '各评议组权重之和应为100%',
    );
    expect(
      fields(
        ratingProblems({
          raterGroups: [
            { key: 'a', anonymous: true },
            { key: 'a', anonymous: false },
          ],
        }),
      ),
    ).toEqual(['/form/raterGroups/1/key']);
    expect(
      fields(
        ratingProblems(
          { raterGroups: groups },
          { role: 'raters', groups: ['partyMembers', 'ghosts'] },
        ),
      ),
    ).toEqual(['/assignee/groups/1']);
    expect(fields(ratingProblems({ dimensions: [{ key: 'x' }, { key: 'x' }] }))).toEqual([
      '/form/dimensions/1/key',
    ]);
  });
});

describe('report sections and classes', () => {
  it('wants shares adding up to 100% when all are set', () => {
    const thirds = [
      { key: 'performance', share: 0.34 },
      { key: 'problems', share: 0.33 },
      { key: 'measures', share: 0.33 },
    ];
    expect(sectionProblems(thirds)).toEqual([]);
    expect(sectionProblems([{ key: 'a', share: 0.5 }, { key: 'b' }])).toEqual([]);
    expect(
      sectionProblems([
        { key: 'a', share: 0.5 },
        { key: 'b', share: 0.2 },
      ]),
    ).toHaveLength(1);
    expect(
      sectionProblems([
        { key: 'a', share: 0.8 },
        { key: 'b', share: 0.8 },
      ])[0]?.message.zh,
    ).toBe('各部分占比之和不能超过100%');
  });

  it('wants class shares adding up to 100%', () => {
    const classes = [
      { key: 'first', share: 0.2 },
      { key: 'second', share: 0.5 },
      { key: 'third', share: 0.3 },
    ];
    expect(classProblems(classes)).toEqual([]);
    expect(classProblems(classes.slice(0, 2))).toHaveLength(1);
  });
});

describe('keys, names and texts', () => {
  it('checks state keys and event names', () => {
    expect(stateKeyProblem('rating2', ['rating'])).toBeNull();
    expect(stateKeyProblem('rating', ['rating'])).not.toBeNull();
    expect(stateKeyProblem('2rating', [])).not.toBeNull();
    expect(stateKeyProblem('测评', [])).not.toBeNull();
    expect(eventNameProblem('SUBMIT')).toBeNull();
    expect(eventNameProblem('submit')).not.toBeNull();
    expect(eventNameProblem('TIMER')).not.toBeNull();
  });

  it('wants both languages', () => {
    expect(localizedTextProblem({ zh: '测评', en: 'Rating' })).toBeNull();
    expect(localizedTextProblem({ zh: ' ', en: 'Rating' })?.zh).toBe('请填写中文');
    expect(localizedTextProblem({ zh: '测评' })?.zh).toBe('请填写英文');
  });
});

describe('step settings', () => {
  it('collects the rules of a step', () => {
    expect(
      fields(
        stepMetaProblems({
          kind: 'rating',
          title: { zh: '测评', en: 'Rating' },
          assignee: { role: 'raters', groups: ['partyMembers'] },
          deadline: '3WD',
          reminders: ['P5D'],
          form: { grades: ['好'] },
        }),
      ),
    ).toEqual(['/reminders/0', '/form/grades']);
    expect(
      fields(
        stepMetaProblems({
          kind: 'speaking',
          title: { zh: '述职', en: 'Speaking' },
          form: { timeLimit: '2WD' },
        }),
      ),
    ).toEqual(['/form/timeLimit']);
  });
});
