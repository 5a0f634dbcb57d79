import type { Problem, ProblemCode, Severity } from './types';

/** Default severity of each problem code; `error` means the item could not be scored. */
export const SEVERITY: Record<ProblemCode, Severity> = {
  'missing-actual': 'info',
  'missing-target': 'error',
  'missing-weight': 'error',
  'no-weights': 'warning',
  'bad-number': 'error',
  'bad-actual': 'error',
  'bad-weight': 'error',
  'bad-completion': 'error',
  'bad-score': 'error',
  'bad-operator': 'error',
  'unit-mismatch': 'error',
  'operator-conflict': 'warning',
  'extra-values': 'warning',
  'completion-out-of-band': 'error',
  'judgement-needed': 'warning',
  'weights-sum': 'warning',
  'group-weight': 'warning',
  'budget-zero': 'error',
  'missing-budget': 'warning',
  'bad-profile': 'error',
  'ambiguous-rate': 'error',
  'cell-error': 'error',
  'negative-actual': 'error',
  'negative-amount': 'error',
  'task-missing-amounts': 'warning',
  'no-target-column': 'error',
  'no-actual-column': 'info',
  'empty-table': 'warning',
  'missing-reason': 'warning',
  'no-form': 'error',
};

/** A problem at its code's severity, or at `severity` where one code covers a softer case (`negative-actual` counted as 0). */
export function problem(code: ProblemCode, message: string, field?: string, severity: Severity = SEVERITY[code]): Problem {
  return field === undefined ? { code, severity, message } : { code, severity, message, field };
}
