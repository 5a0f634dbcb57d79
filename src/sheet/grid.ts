/**
 * The host-agnostic picture of a worksheet that `src/sheet/` reads, and the list of cell writes
 * it hands back. Hosts (xlsx files, Office.js) translate to and from these; nothing here knows
 * a file format or an API.
 */

import type { CellArea } from './a1';

export type CellValue = string | number | boolean | null;

/** A merged area, 1-based inclusive Excel coordinates. */
export type MergeArea = CellArea;

export interface SheetGrid {
  name: string;
  /** Excel row/column (1-based) of values[0][0]: a used range need not start at A1. */
  originRow: number;
  originCol: number;
  /** Cell values, row-major. Formula cells hold their cached result. Dates are not expected in forms; hosts pass them as text. */
  values: CellValue[][];
  /** Number format per cell, parallel to values ('General' or missing when unknown). */
  formats?: (string | null | undefined)[][];
  /** A1 address → formula text (without '='), for cells that hold a formula. */
  formulas?: Record<string, string>;
  merges: MergeArea[];
  /**
   * Cells left out of `values` because they lie far from everything else (a stray cell at XFD1048576
   * would otherwise cost a grid over the whole gap). They hold content: nothing may be written there.
   */
  ignoredCells?: string[];
}

export interface WorkbookGrid {
  sheets: SheetGrid[];
  /** What the product wrote last time (see PriorWrites), read back by the host. */
  prior: PriorWrites;
}

/**
 * Values the product wrote on its previous run, keyed `sheet!A1` → canonical text of the value.
 * An output cell whose current value differs from this is a person's entry and is kept.
 */
export type PriorWrites = Record<string, string>;

export type WriteKind =
  | 'row-completion'
  | 'row-score'
  | 'task-rate'
  | 'task-score'
  | 'execution-rate'
  | 'execution-score'
  | 'subtotal'
  | 'deduction'
  | 'total'
  | 'grade';

export interface CellWrite {
  sheet: string;
  /** 1-based Excel coordinates and the A1 address (same cell). */
  row: number;
  col: number;
  address: string;
  /** Numbers are written as numbers; strings always as text, never as a formula. */
  value: number | string | null;
  /** Excel number format, e.g. '0.00%' for completions and rates, '0.00' for scores. */
  numberFormat?: string;
  kind: WriteKind;
  /** Formula mode: the formula (without '=') to write instead of the value, on hosts that can. */
  formula?: string;
  /**
   * The cell holds this formula (without '='), which the product wrote before: the write may replace it.
   * Hosts refuse to write over any other formula.
   */
  replacesFormula?: string;
}

/** An output cell the product did not write because a person typed there (SCORING.md 3.8). */
export interface KeptCell {
  sheet: string;
  address: string;
  kind: WriteKind;
  current: CellValue;
  /** What the rules give, as text. */
  ruleValue: string | null;
  /**
   * A qualitative unit's completion or score: the evaluator's judgement, an input rather than a
   * result, never a discrepancy. Decided while planning (the form may be gone by the time
   * discrepancies are listed); absent on cells kept by a host.
   */
  judgement?: boolean;
}

export interface WritePlan {
  writes: CellWrite[];
  kept: KeptCell[];
  /** The PriorWrites to store after the writes are applied (replaces the old record for these sheets). */
  prior: PriorWrites;
}

export { columnLetters, a1, parseA1 } from './a1';

/** Canonical text of a cell value, used to compare a cell with what the product wrote before. */
export function canonicalCellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return v;
}

/** Namespace of the custom XML part both hosts use to store PriorWrites inside the workbook. */
export const STATE_XML_NAMESPACE = 'urn:jixiao:state:1';
