import { toPlain, type Dec } from './decimal';
import type { Profile } from './profiles';
import { resolveProfile } from './profiles';
import { show, showJson } from './show';
import type { FormInput, FormResult, Problem, RowInput, TaskInput } from './types';

/** A field of the JSON input that is not what the interface takes; `path` names it (`forms[0].rows[3].weight`). */
export interface InputError {
  path: string;
  message: string;
}

const ROW_TEXT = ['level1', 'level2', 'level3', 'operator', 'unit'] as const;
const ROW_VALUE = ['target', 'weight', 'actual', 'completion', 'score'] as const;
const FORM_VALUE = ['budget', 'spent', 'executionRate', 'executionWeight', 'deduction'] as const;
const TASK_VALUE = ['allocated', 'spent', 'weight', 'rate', 'score'] as const;

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Why a value is not a cell value: its type, or a number JSON could not hold (`1e400` parses as Infinity). */
function notCellValue(v: unknown): string {
  if (typeof v === 'number') return '数值超出可表示的范围（如 1e400，绝对值须小于 1.8e308）';
  return `应为数字、字符串或 null，实际为 ${kindOf(v)}`;
}

/**
 * Checks the `evaluate` JSON document field by field and turns it into engine input.
 * Every unknown or ill-typed field is reported by its path; nothing is coerced silently.
 */
export function readEvaluateInput(doc: unknown): { profile: Profile | null; forms: FormInput[]; errors: InputError[] } {
  const errors: InputError[] = [];
  const err: Report = (path, message) => errors.push({ path, message });
  if (kindOf(doc) !== 'object') {
    err('$', `应为 JSON 对象 {"profile": …, "forms": […]}，实际为 ${kindOf(doc)}`);
    return { profile: null, forms: [], errors };
  }
  const root = doc as Record<string, unknown>;
  for (const key of Object.keys(root)) if (key !== 'profile' && key !== 'forms') err(show(key), '未知字段');
  const resolved = resolveProfile(root.profile === undefined ? 'national' : root.profile);
  for (const p of resolved.problems) err('profile', p.message);
  if (!Array.isArray(root.forms)) {
    err('forms', `应为数组，实际为 ${kindOf(root.forms)}`);
    return { profile: resolved.profile, forms: [], errors };
  }
  const forms = root.forms.map((raw, fi) => readForm(raw, `forms[${fi}]`, err)).filter((f): f is FormInput => f !== null);
  return { profile: resolved.profile, forms, errors };
}

type Report = (path: string, message: string) => void;

function readForm(raw: unknown, at: string, err: Report): FormInput | null {
  if (kindOf(raw) !== 'object') {
    err(at, `应为对象，实际为 ${kindOf(raw)}`);
    return null;
  }
  const f = raw as Record<string, unknown>;
  const form: FormInput = { rows: [] };
  for (const [key, v] of Object.entries(f)) readFormField(form, key, v, `${at}.${show(key)}`, err);
  if (!('rows' in f)) err(`${at}.rows`, '缺少 rows（指标行数组）');
  return form;
}

function readFormField(form: FormInput, key: string, v: unknown, p: string, err: Report): void {
  if (key === 'kind') {
    if (v === 'project' || v === 'department' || v === 'overall') form.kind = v;
    else if (v !== null) err(p, `应为 "project"、"department" 或 "overall"，实际为 ${showJson(v)}`);
  } else if (key === 'title') {
    if (typeof v === 'string' || v === null) form.title = v;
    else err(p, `应为字符串，实际为 ${kindOf(v)}`);
  } else if ((FORM_VALUE as readonly string[]).includes(key)) {
    if (isCellValue(v)) (form as unknown as Record<string, unknown>)[key] = v;
    else err(p, notCellValue(v));
  } else if (key === 'rows' || key === 'tasks') {
    if (!Array.isArray(v)) err(p, `应为数组，实际为 ${kindOf(v)}`);
    else if (key === 'rows') form.rows = v.map((r, ri) => readRow(r, `${p}[${ri}]`, err));
    else form.tasks = v.map((t, ti) => readTask(t, `${p}[${ti}]`, err));
  } else err(p, '未知字段');
}

function isCellValue(v: unknown): v is string | number | null {
  return v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

type FieldKind = 'text' | 'value';

/** Reads one object of known fields: `text` fields take strings, `value` fields cell values. */
function readFields<T>(raw: unknown, at: string, err: (p: string, m: string) => void, fields: Record<string, FieldKind>): T {
  const out: Record<string, unknown> = {};
  if (kindOf(raw) !== 'object') {
    err(at, `应为对象，实际为 ${kindOf(raw)}`);
    return out as T;
  }
  for (const [key, v] of Object.entries(raw as Record<string, unknown>)) {
    const p = `${at}.${show(key)}`;
    const kind = fields[key];
    if (kind === 'text') {
      if (typeof v === 'string' || v === null) out[key] = v;
      else if (typeof v === 'number' && key === 'unit') out[key] = String(v);
      else err(p, `应为字符串或 null，实际为 ${kindOf(v)}`);
    } else if (kind === 'value') {
      if (isCellValue(v)) out[key] = v;
      else err(p, notCellValue(v));
    } else err(p, '未知字段');
  }
  return out as T;
}

const ROW_FIELDS: Record<string, FieldKind> = {
  ...Object.fromEntries(ROW_TEXT.map((k) => [k, 'text' as const])),
  ...Object.fromEntries([...ROW_VALUE, 'scoringUnit'].map((k) => [k, 'value' as const])),
};
const TASK_FIELDS: Record<string, FieldKind> = { name: 'text', ...Object.fromEntries(TASK_VALUE.map((k) => [k, 'value' as const])) };

function readRow(raw: unknown, at: string, err: (p: string, m: string) => void): RowInput {
  return readFields<RowInput>(raw, at, err, ROW_FIELDS);
}

function readTask(raw: unknown, at: string, err: (p: string, m: string) => void): TaskInput {
  return readFields<TaskInput>(raw, at, err, TASK_FIELDS);
}

/** Decimal text for reports; a non-terminating quotient (1.52/1.6 is exact, 126.33/133.12 is not) is cut at 10 places. */
export const decimalText = (d: Dec | null): string | null => (d === null ? null : toPlain(d.toDecimalPlaces(10)));
const num = decimalText;
const problems = (ps: Problem[]) => ps.map((p) => ({ code: p.code, severity: p.severity, message: p.message, ...(p.field ? { field: p.field } : {}) }));

/** The result as JSON-ready data: every number a decimal string, rows and tasks in input order. */
export function formResultJson(r: FormResult): Record<string, unknown> {
  return {
    title: r.title,
    kind: r.kind,
    profile: r.profile,
    rows: r.rows.map((row) => ({
      completion: num(row.completion),
      score: num(row.score),
      weight: num(row.weight),
      rule: row.rule,
      flags: row.flags,
      problems: problems(row.problems),
      ...(row.unitRows.length > 1 ? { unitRows: row.unitRows, unitCompletion: num(row.unitCompletion) } : {}),
      ...(row.ruleScore !== null || row.ruleCompletion !== null ? { ruleCompletion: num(row.ruleCompletion), ruleScore: num(row.ruleScore) } : {}),
    })),
    tasks: r.tasks.map((t) => ({
      rate: num(t.rate),
      score: num(t.score),
      weight: num(t.weight),
      flags: t.flags,
      problems: problems(t.problems),
      ...(t.ruleScore !== null ? { ruleScore: num(t.ruleScore) } : {}),
    })),
    executionRate: num(r.executionRate),
    executionWeight: num(r.executionWeight),
    executionScore: num(r.executionScore),
    subtotal: num(r.subtotal),
    taskTotal: num(r.taskTotal),
    deduction: num(r.deduction),
    total: num(r.total),
    grade: r.grade,
    pending: r.pending,
    weightsSum: num(r.weightsSum),
    problems: problems(r.problems),
  };
}

/** Whether a result carries problems worth a non-zero exit (errors or warnings, not notes). */
export function hasProblems(r: FormResult): boolean {
  const bad = (ps: Problem[]) => ps.some((p) => p.severity !== 'info');
  return bad(r.problems) || r.rows.some((x) => bad(x.problems)) || r.tasks.some((t) => bad(t.problems));
}
