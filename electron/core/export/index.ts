/**
 * Discrepancy workbooks and CSV for auditors, and the review notes that come back from Excel.
 * Electron-free: the CLI, the desktop app and the benchmarks call the same functions.
 */
export { exportReconciliation, explainWriteError, type ExportParams, type ExportResult, type ExportFormat } from './export.ts';
export { writePortalWorkbook, writePortalCsv, PORTAL_SHEETS, PORTAL_ROW_COLUMNS, portalRowCells } from './portal-workbook.ts';
export { writePaygWorkbook, writePaygCsv, PAYG_SHEETS, PAYG_EXCEPTION_COLUMNS, type BillingPeriodLine } from './payg-workbook.ts';
export { readWorkbookMeta } from './metadata.ts';
export type { WorkbookMeta, ConnectionInfo, SyncWindowInfo } from './shared-sheets.ts';
export { ExportCancelledError, type ProgressListener, type WorkbookTarget, type WriteOptions } from './workbook-output.ts';
export { ExportIntegrityError, ExportWriteError, type WorkbookResult } from './result.ts';
export { importReview, type ImportReport, type ImportReviewParams, type ImportProblem, type ReviewChange } from './review-import.ts';
export { WorkbookInputError } from './zip-guard.ts';
export { cellNumberToMinor, minorToCellNumber, moneyFormat } from './cell-format.ts';
export { neutraliseCsvText } from './safe-text.ts';
export { CSV_DELIMITERS, type CsvDelimiter } from './csv.ts';
export { LANGUAGE_SETTING, savedLanguage, workbookLanguageOf } from './language-choice.ts';
export { verifyWorkbook, verifyWorkbookFile, type SignatureCheck, type Verdict, type WorkbookVerification } from './verify.ts';
export type { WorkbookEvidence, SignedEntryLine, SignerKeyLine, AttestedReviewLine } from './evidence.ts';
export { countersignWorkbook, readWorkbookForReview, type ReviewerNote, type WorkbookForReview } from './countersign-workbook.ts';
