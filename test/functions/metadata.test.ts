import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata';

const SOURCE = path.resolve(__dirname, '..', '..', 'src', 'functions', 'custom-functions.ts');

interface Metadata {
  functions: { id: string; name: string; description: string; parameters: { name: string; type: string; optional?: boolean; description: string }[]; result: { type: string } }[];
}

describe('functions.json generated from the JSDoc', () => {
  let meta: Metadata;
  beforeAll(async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cf-')), 'functions.json');
    const result = await generateCustomFunctionsMetadata(SOURCE, true);
    expect(result.errors).toEqual([]);
    fs.writeFileSync(out, result.metadataJson);
    meta = JSON.parse(fs.readFileSync(out, 'utf8'));
  });

  test('names, parameters and result types', () => {
    const sig = meta.functions.map((f) => `${f.id}(${f.parameters.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(', ')}) → ${f.result.type}`);
    expect(sig).toEqual([
      'SCORE(operator, target, actual, weight, [unit], [profile], [kind]) → number',
      'COMPLETION(operator, target, actual, [unit], [profile]) → number',
      'EXECSCORE(budget, spent, [weight], [profile]) → number',
      'TOTAL(scores, executionScore, [profile], [budget], [spent]) → number',
      'GRADE(totalScore, [profile]) → string',
      'PARSE(value, [unit]) → string',
    ]);
    expect(meta.functions.find((f) => f.id === 'TOTAL')!.parameters[0].type).toBe('any');
  });

  test('every function and parameter is described in Chinese and English', () => {
    for (const f of meta.functions) {
      for (const text of [f.description, ...f.parameters.map((p) => p.description)]) {
        expect(text).toMatch(/[\u4e00-\u9fff]/);
        expect(text).toMatch(/[A-Za-z]{3,}/);
      }
    }
  });
});

describe('Excel entry points', () => {
  class FakeCfError extends Error {
    constructor(
      readonly code: string,
      message: string,
    ) {
      super(message);
    }
  }
  const associated: Record<string, unknown> = {};
  beforeAll(() => {
    (globalThis as Record<string, unknown>).CustomFunctions = {
      Error: FakeCfError,
      ErrorCode: { invalidValue: '#VALUE!', notAvailable: '#N/A' },
      associate: (id: string, f: unknown) => void (associated[id] = f),
    };
  });
  afterAll(() => delete (globalThis as Record<string, unknown>).CustomFunctions);

  test('bad input becomes #VALUE! with the message, a pending row #N/A; all six are associated', async () => {
    const cf = await import('../../src/functions/custom-functions');
    expect(() => cf.score('>=', '3000 张', '3010 人', 10)).toThrow(expect.objectContaining({ code: '#VALUE!', message: '指标值单位“张”与完成值单位“人”无法换算' }));
    expect(() => cf.score('>=', 10, '', 10)).toThrow(expect.objectContaining({ code: '#N/A' }));
    expect(cf.score('>=', 800, 789, 12.5, '人', 'liaoning')).toBe(12.375);
    cf.registerCustomFunctions();
    expect(Object.keys(associated)).toEqual(['SCORE', 'COMPLETION', 'EXECSCORE', 'TOTAL', 'GRADE', 'PARSE']);
  });
});
