import { PROFILES, profileFromJson, resolveProfile } from '../../src/engine';
import { hubei, one } from './one-row';

describe('§5 profiles', () => {
  test('the three built-ins differ only in settings', () => {
    expect(Object.keys(PROFILES)).toEqual(['national', 'hubei', 'liaoning']);
    expect(resolveProfile('hubei').profile).toBe(hubei);
    expect(resolveProfile('beijing').problems[0].message).toMatch(/未知的评分口径 "beijing"/);
  });
  test('a custom profile copies a base and changes settings; bad settings are reported', () => {
    const { profile } = profileFromJson({ base: 'liaoning', name: '本市口径', overshoot: null, executionWeight: 20 });
    expect(profile).toMatchObject({ name: '本市口径', overshoot: null, executionWeight: 20, reverse: 'ratio', completionDecimals: 2 });
    expect(one({ operator: '>=', target: 50, actual: 88 }, profile!)).toMatchObject({ score: '10' });
    const bad = profileFromJson({ base: 'liaoning', reverse: 'log', colour: 'red' });
    expect(bad.profile).toBeNull();
    expect(bad.problems.map((p) => p.message)).toEqual(['评分口径设置 reverse 应为 "ratio" 或 "linear"，实际为 "log"', '未知的评分口径设置 colour']);
    expect(profileFromJson([]).problems[0].message).toBe('评分口径必须是一个 JSON 对象');
  });
});
