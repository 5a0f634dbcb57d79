import { D, type Dec } from './decimal';
import { memo } from './memo';

/** A unit reduced to a base unit and the factor that converts a value into it. */
export interface UnitInfo {
  /** Normalised base unit ('' for none; '%' holds percentages as fractions). */
  base: string;
  factor: Dec;
  /** The unit as written, trimmed. */
  written: string;
}

const MAGNITUDES: [string, string][] = [
  ['千万', '10000000'],
  ['百万', '1000000'],
  ['亿', '100000000'],
  ['万', '10000'],
  ['千', '1000'],
];

/** Base unit and factor for units that are the same quantity at another scale. */
const SCALED: Record<string, [string, string]> = {
  '%': ['%', '0.01'],
  // 百分比 is how some templates spell %; 个百分点 is a difference of percentages, in the same scale.
  百分比: ['%', '0.01'],
  百分点: ['%', '0.01'],
  个百分点: ['%', '0.01'],
  '‰': ['%', '0.001'],
  秒: ['秒', '1'],
  秒钟: ['秒', '1'],
  分钟: ['秒', '60'],
  小时: ['秒', '3600'],
  时: ['秒', '3600'],
  h: ['秒', '3600'],
  天: ['秒', '86400'],
  日: ['秒', '86400'],
  周: ['秒', '604800'],
  星期: ['秒', '604800'],
  米: ['米', '1'],
  m: ['米', '1'],
  公里: ['米', '1000'],
  km: ['米', '1000'],
  克: ['克', '1'],
  g: ['克', '1'],
  kg: ['克', '1000'],
  公斤: ['克', '1000'],
  吨: ['克', '1000000'],
  t: ['克', '1000000'],
  元: ['元', '1'],
  平方米: ['平方米', '1'],
  m2: ['平方米', '1'],
  'm²': ['平方米', '1'],
  亩: ['亩', '1'],
};

/** Different spellings of the same count unit. */
const ALIASES: Record<string, string> = {
  次数: '次',
  人数: '人',
  户数: '户',
  个数: '个',
  件数: '件',
  场数: '场',
  个工作日: '工作日',
};

function scaled(unit: string): { base: string; factor: Dec } {
  const u = ALIASES[unit] ?? unit;
  const s = SCALED[u] ?? SCALED[u.toLowerCase()];
  if (s) return { base: s[0], factor: new D(s[1]) };
  return { base: u, factor: new D(1) };
}

/**
 * Normalises a unit such as `万人`, `万元/人`, `小时`, `%` to a base unit and factor
 * (`万人` → 人 × 10000). The first segment of a compound unit carries the magnitude.
 */
export function unitInfo(raw: string | null | undefined): UnitInfo {
  return unitInfoCached(raw ?? '');
}

const unitInfoCached = memo((raw: string): UnitInfo => {
  const written = (raw ?? '').normalize('NFKC').replace(/\s+/g, '').replace(/^[(（]|[)）]$/g, '');
  if (!written) return { base: '', factor: new D(1), written: '' };
  const [head, ...rest] = written.split('/');
  let factor = new D(1);
  let first = head;
  for (const [word, mult] of MAGNITUDES) {
    if (first.startsWith(word)) {
      factor = factor.times(mult);
      first = first.slice(word.length);
      break;
    }
  }
  if (rest.length === 0) {
    const s = scaled(first);
    return { base: s.base, factor: factor.times(s.factor), written };
  }
  const s = scaled(first);
  return { base: [s.base, ...rest.map((r) => ALIASES[r] ?? r)].join('/'), factor: factor.times(s.factor), written };
});

/** Characters that may make up a unit written after a number (`人次`, `元/人/年`, `平方米`, `%`). */
export const UNIT_CHARS =
  '%‰°²a-zA-Z/*·' +
  '人次户件个元角万亿千百年月日天时小分钟秒周期批场张套份篇项家所台辆座间名位本册条处种类度级岗米公里吨亩平方立克斤升瓦笔单例床趟轮栋块宗部门盏棵株头只箱卷册页字点课节期届班组轮季工作比';
