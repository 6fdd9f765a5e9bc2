/** What writing a workbook or CSV reports back, and the errors specific to exporting. */

export interface WorkbookResult {
  /** Sheet names in workbook order (one pseudo-sheet name for CSV). */
  sheets: string[];
  /** Data rows written, all sheets together (headers and blank lines not counted). */
  rows: number;
}

/** The reconciliation's lines and totals disagree: refuse to hand such a workbook to an auditor. */
export class ExportIntegrityError extends Error {
  override name = 'ExportIntegrityError';

  constructor(detail: string) {
    super(`The export stopped because the reconciliation does not add up: ${detail}. Nothing was written; please report this.`);
  }
}

/** The target cannot be written: the folder, the permissions, the disk. */
export class ExportWriteError extends Error {
  override name = 'ExportWriteError';
}
