/**
 * The words Concilia says to people, in English and Spanish: one module the command line, the
 * window and the workbook share. Pure (no Node-only imports), so the renderer can use it through
 * the contract.
 */
export { LANGUAGES, isLanguage, languageFromEnv, type Language } from './language.ts';
export { formatCount, formatDay, formatDecimal, formatInstant, formatMonthOf, formatPercent } from './format.ts';
export {
  describeActor,
  describeOwnAccount,
  describeAuditEntry,
  describeChange,
  describeItem,
  describePeriod,
  describeProblem,
  describeRange,
  describeTally,
  describeTolerance,
  describeVerification,
  describeVoid,
  type Problem,
} from './describe.ts';
export { FINDING_UNITS, describeFinding, describeFindingFigure, type FindingFacts } from './findings.ts';
export { WORDS, type Words } from './words.ts';
