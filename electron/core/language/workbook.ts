/**
 * What a workbook says, in English and Spanish: sheet names, column headers, the labels of About
 * and the cover, the words of the Summary's classes and the Checks' types, and the notes and
 * banners. The names of review states, reasons, checks, exceptions and billing statuses are those
 * of words.ts, so the window, the command line and the workbook call a thing by one name.
 *
 * A workbook's fixed texts are written in English in the code that lays the sheets out (a column
 * is `Provider reported` there): `term` gives each one in the reader's language (reading back
 * compares a cell with each language's `term`, since two English texts may share a Spanish one).
 */
import type { Language } from './language.ts';
import { WORDS, type Words } from './words.ts';

/** The Spanish of every fixed text a workbook shows (English is the key itself). */
const SPANISH: Readonly<Record<string, string>> = {
  // Sheets
  Summary: 'Resumen',
  Discrepancies: 'Diferencias',
  'All rows': 'Todas las filas',
  Checks: 'Controles',
  Restatements: 'Reexpresiones',
  'Review log': 'Registro de revisión',
  About: 'Acerca de',
  Exceptions: 'Excepciones',
  'Billing periods': 'Periodos de facturación',
  Ageing: 'Antigüedad',
  // Column headers
  Key: 'Clave',
  'Provider ID': 'ID del proveedor',
  Provider: 'Proveedor',
  'Period start': 'Inicio del periodo',
  'Period end': 'Fin del periodo',
  Invoiced: 'Facturado',
  'Provider reported': 'Informado por el proveedor',
  Paid: 'Pagado',
  Pending: 'Pendiente de pago',
  Tasks: 'Tareas',
  Difference: 'Diferencia',
  'Difference %': 'Diferencia %',
  Status: 'Estado',
  'Review state': 'Estado de revisión',
  Reason: 'Motivo',
  Note: 'Nota',
  Rows: 'Filas',
  Matched: 'Coinciden',
  'Within tolerance': 'Dentro de la tolerancia',
  'Provider higher': 'Proveedor mayor',
  'Provider lower': 'Proveedor menor',
  Findings: 'Hallazgos',
  'Open items': 'Partidas abiertas',
  Covered: 'Cubierto',
  Type: 'Tipo',
  Check: 'Control',
  'Provider / record': 'Proveedor / registro',
  Expected: 'Esperado',
  Actual: 'Real',
  Message: 'Mensaje',
  '#': 'N.º',
  'When (UTC)': 'Cuándo (UTC)',
  Who: 'Quién',
  Account: 'Cuenta',
  What: 'Qué',
  'Entry hash': 'Hash de la entrada',
  Item: 'Partida',
  Field: 'Cifra',
  Old: 'Antes',
  New: 'Ahora',
  'Detected at (UTC)': 'Detectado (UTC)',
  'Removed at (UTC)': 'Retirado (UTC)',
  'Listed again at (UTC)': 'Listado de nuevo (UTC)',
  Evidence: 'Prueba',
  'Billing period ID': 'ID del periodo de facturación',
  Loan: 'Préstamo',
  'Funding source': 'Fuente de financiación',
  'Start date': 'Fecha de inicio',
  'End date': 'Fecha de fin',
  Exception: 'Excepción',
  Currency: 'Moneda',
  Amount: 'Importe',
  'Days past end': 'Días tras el fin',
  'Days in status': 'Días en el estado',
  'Status since (UTC)': 'Estado desde (UTC)',
  'Last seen (UTC)': 'Visto por última vez (UTC)',
  'Days past period end': 'Días tras el fin del periodo',
  Group: 'Grupo',
  Billed: 'Facturado',
  Collected: 'Cobrado',
  Outstanding: 'Por cobrar',
  Failed: 'Fallido',
  Draft: 'Borrador',
  'Collection rate': 'Tasa de cobro',
  Value: 'Valor',
  'Window start': 'Inicio de la ventana',
  'Window end': 'Fin de la ventana',
  Providers: 'Proveedores',
  'Synced at (UTC)': 'Sincronizado (UTC)',
  Error: 'Error',
  'Sign-off': 'Aprobación',
  'Signed at (UTC)': 'Firmada (UTC)',
  Role: 'Función',
  'Display name': 'Nombre visible',
  'Key fingerprint': 'Huella de la clave',
  'Public key (Ed25519)': 'Clave pública (Ed25519)',
  Signature: 'Firma',
  'Signed entry': 'Entrada firmada',
  'Statement hash (sha256)': 'Hash de la declaración (sha256)',
  'Note (sha256)': 'Nota (sha256)',
  'Public keys of the signers': 'Claves públicas de los firmantes',
  'Signed sign-off entries (what concilia verify checks)': 'Entradas de aprobación firmadas (lo que comprueba concilia verify)',
  'Reviews the sign-off attests': 'Revisiones que la aprobación declara',
  // About and cover labels
  Connection: 'Conexión',
  Kind: 'Tipo',
  'Base URL': 'URL base',
  Tenant: 'Inquilino',
  Currencies: 'Monedas',
  From: 'Desde',
  To: 'Hasta',
  Period: 'Periodo',
  Periods: 'Periodos',
  'Grouped by': 'Agrupado por',
  Tolerance: 'Tolerancia',
  'Exception thresholds': 'Umbrales de excepción',
  'Tolerance (absolute)': 'Tolerancia (importe)',
  'Tolerance (% of invoiced)': 'Tolerancia (% de lo facturado)',
  'Outstanding after (days past period end)': 'Por cobrar tras (días después del fin del periodo)',
  'Draft unsent after (days past period end)': 'Borrador sin enviar tras (días después del fin del periodo)',
  'Stuck after (days in one status)': 'Estancado tras (días en un estado)',
  Complete: 'Completo',
  Completeness: 'Integridad',
  'Reconciled at (UTC)': 'Conciliado (UTC)',
  'Exported at (UTC)': 'Exportado (UTC)',
  'App version': 'Versión de la aplicación',
  'Figures hash (sha256)': 'Hash de las cifras (sha256)',
  'About the hash': 'Sobre el hash',
  Language: 'Idioma',
  // Values
  Yes: 'Sí',
  No: 'No',
  Total: 'Total',
  all: 'todos',
  ok: 'completa',
  incomplete: 'incompleta',
  failed: 'fallida',
  missing: 'sin sincronizar',
  live: 'vigente',
  voided: 'anulada',
  Finding: 'Hallazgo',
  Quarantined: 'Apartado',
  'Coverage gap': 'Periodo sin cubrir',
  Restatement: 'Reexpresión',
  'Carried forward': 'Trasladada',
  Removal: 'Retirado en origen',
  'Appeared or disappeared': 'Apareció o desapareció',
  'Presence upstream': 'Presencia en origen',
  present: 'presente',
  absent: 'ausente',
  removed: 'retirado',
  '(not grouped)': '(sin agrupar)',
  '(none in this range)': '(ninguna en este rango)',
  'No: see Checks': 'No: vea Controles',
};


/** A fixed text of the workbook in `language`; texts without a translation stay as given. */
export function term(text: string, language: Language): string {
  return language === 'es' ? (SPANISH[text] ?? text) : text;
}

/** Every fixed text the Spanish table names (a test holds the workbook's headers to it). */
export function hasSpanishTerm(text: string): boolean {
  return Object.hasOwn(SPANISH, text);
}

export interface WorkbookSentences {
  amountsIn: (currency: string) => string;
  toleranceNote: (tolerance: string) => string;
  whatIfTolerance: (saved: string, used: string) => string;
  complete: string;
  incomplete: string;
  paygBilledNote: string;
  paygCurrenciesNote: string;
  paygComplete: string;
  neverSynced: string;
  lastSyncFailed: (error: string | null) => string;
  lastSyncIncomplete: (error: string | null) => string;
  restated: (detectedAt: string) => string;
  /** A record set aside as unreadable: why (in the words the sync recorded), and when. */
  setAside: (reason: string, detectedAt: string) => string;
  stillOpen: (days: number) => string;
  removedBy404: (url: string) => string;
  noRestatements: string;
  noSignoff: string;
  nothingSynced: string;
  windowsTitle: string;
  hashNote: string;
  kindPortal: string;
  kindPayg: string;
  /** Input messages of the review columns' dropdowns. */
  validation: { stateTitle: string; state: string; reasonTitle: string; reason: string; errorTitle: string; error: string };
  /** The cover of Summary. */
  cover: {
    title: (connection: string) => string;
    draft: string;
    signed: (roles: string) => string;
    voided: (at: string) => string;
    signoffs: string;
    none: string;
    complete: string;
    incomplete: string;
    verifyHint: string;
  };
  footer: (connection: string, range: string, hash: string) => string;
  page: string;
  /** What `concilia verify` says. */
  verify: {
    verified: (what: string, count: number) => string;
    altered: (what: string) => string;
    voided: (what: string) => string;
    notSigned: (what: string) => string;
    signature: (role: string, who: string, at: string, fingerprint: string) => string;
    holds: string;
    badSignature: string;
    unknownKey: string;
    otherRange: string;
    statementDiffers: string;
    voidedNote: string;
  };
}

const en: WorkbookSentences = {
  amountsIn: (currency) => `Amounts in ${currency}. Difference = provider reported − invoiced; Difference % is of invoiced.`,
  toleranceNote: (tolerance) => `Tolerance: ${tolerance} of invoiced. Rows outside it are on Discrepancies, highlighted on All rows.`,
  whatIfTolerance: (saved, used) => `saved ${saved}; this workbook was reconciled with ${used} (a what-if, not what a sign-off attests)`,
  complete: 'Every period of the range was synced completely.',
  incomplete: 'Not every period of the range was synced completely, or records were quarantined: see Checks before relying on these totals.',
  paygBilledNote: 'Billed = every status but draft = collected + outstanding + failed. Outstanding = sent for collection or pending.',
  paygCurrenciesNote: 'Each currency is totalled on its own; amounts of different currencies are never added.',
  paygComplete: 'Every start date of the range was synced completely.',
  neverSynced: 'Never synced: the figures for this period are missing. Sync the range and export again.',
  lastSyncFailed: (error) => `The last sync of this period failed${error ? `: ${error}` : '.'}`,
  lastSyncIncomplete: (error) => `The last sync of this period is incomplete${error ? `: ${error}` : '.'}`,
  restated: (detectedAt) => `Changed upstream after it was first synced; detected ${detectedAt}.`,
  setAside: (reason, detectedAt) => `Could not be read and was set aside on ${detectedAt} (UTC): ${reason}`,
  stillOpen: (days) => `Still open from before this range, ${days} days after its period ended.`,
  removedBy404: (url) => `The source answered 404 (not found) for ${url}`,
  noRestatements: 'No figure of this range changed upstream after it was synced, and none was removed.',
  noSignoff: 'No sign-off covers this range.',
  nothingSynced: 'Nothing of this range has been synced.',
  windowsTitle: 'When each window of the range was synced',
  hashNote: 'The hash a sign-off of this range records: concilia verify recomputes it from this workbook’s own figures.',
  kindPortal: 'portal billing report (invoiced vs provider-reported)',
  kindPayg: 'PAYG billing periods (billed vs collected)',
  validation: {
    stateTitle: 'Review state',
    state: 'Choose open, explained, resolved or carried forward. Explained, resolved and carried forward need a reason and a note.',
    reasonTitle: 'Reason',
    reason: 'Choose why the figures differ; write the explanation in Note.',
    errorTitle: 'Not in the list',
    error: 'Choose a value from the list (or leave the cell empty).',
  },
  cover: {
    title: (connection) => `Reconciliation of ${connection}`,
    draft: 'DRAFT — not signed off',
    signed: (roles) => `SIGNED OFF — ${roles}`,
    voided: (at) => `VOIDED — figures changed after sign-off on ${at}`,
    signoffs: 'Sign-offs',
    none: 'none',
    complete: 'Complete: every period synced, nothing set aside',
    incomplete: 'NOT complete: see Checks before relying on these figures',
    verifyHint: 'Check this workbook offline with: concilia verify FILE.xlsx',
  },
  footer: (connection, range, hash) => `${connection} · ${range} · figures ${hash.slice(0, 16)}…`,
  page: 'Page &P of &N',
  verify: {
    verified: (what, count) => `VERIFIED: this workbook is the one that was signed (${what}). Its figures, tolerance and attested reviews hash to what ${count === 1 ? 'the sign-off' : `all ${count} sign-offs`} signed, and every signature holds.`,
    altered: (what) => `NOT VERIFIED: this workbook is not the one that was signed (${what}). A figure, an attested review, the range or a signature was changed after signing.`,
    voided: (what) => `NOT VERIFIED: every sign-off of this workbook (${what}) was voided: its figures changed after they were signed.`,
    notSigned: (what) => `NOT SIGNED: this workbook (${what}) is a draft; no sign-off signed it.`,
    signature: (role, who, at, fingerprint) => `${role} ${who}, ${at}, key ${fingerprint.slice(0, 16)}…`,
    holds: 'signature valid; the statement it signed is this workbook’s',
    badSignature: 'the signature does not match the signed entry',
    unknownKey: 'its public key is not in About (or does not match its fingerprint)',
    otherRange: 'it signed another connection or range',
    statementDiffers: 'the statement it signed differs from this workbook’s figures or attested reviews',
    voidedNote: 'voided: the figures changed after it was signed',
  },
};

const es: WorkbookSentences = {
  amountsIn: (currency) => `Importes en ${currency}. Diferencia = informado por el proveedor − facturado; Diferencia % es sobre lo facturado.`,
  toleranceNote: (tolerance) => `Tolerancia: ${tolerance} de lo facturado. Las filas fuera de ella están en Diferencias y resaltadas en Todas las filas.`,
  whatIfTolerance: (saved, used) => `guardada ${saved}; este libro se concilió con ${used} (una simulación, no lo que declara una aprobación)`,
  complete: 'Todos los periodos del rango se sincronizaron por completo.',
  incomplete: 'No todos los periodos del rango se sincronizaron por completo, o se apartaron registros: vea Controles antes de confiar en estos totales.',
  paygBilledNote: 'Facturado = todos los estados salvo borrador = cobrado + por cobrar + fallido. Por cobrar = enviado al cobro o pendiente.',
  paygCurrenciesNote: 'Cada moneda se totaliza por separado; nunca se suman importes de monedas distintas.',
  paygComplete: 'Todas las fechas de inicio del rango se sincronizaron por completo.',
  neverSynced: 'Nunca sincronizado: faltan las cifras de este periodo. Sincronice el rango y exporte de nuevo.',
  lastSyncFailed: (error) => `La última sincronización de este periodo falló${error ? `: ${error}` : '.'}`,
  lastSyncIncomplete: (error) => `La última sincronización de este periodo está incompleta${error ? `: ${error}` : '.'}`,
  restated: (detectedAt) => `Cambió en el origen después de la primera sincronización; detectado ${detectedAt}.`,
  setAside: (reason, detectedAt) => `No se pudo leer y se apartó el ${detectedAt} (UTC): ${reason}`,
  stillOpen: (days) => `Sigue abierta desde antes de este rango, ${days} días después del fin de su periodo.`,
  removedBy404: (url) => `El origen respondió 404 (no encontrado) para ${url}`,
  noRestatements: 'Ninguna cifra de este rango cambió en el origen después de sincronizarse, y no se retiró ninguna.',
  noSignoff: 'Ninguna aprobación cubre este rango.',
  nothingSynced: 'No se ha sincronizado nada de este rango.',
  windowsTitle: 'Cuándo se sincronizó cada ventana del rango',
  hashNote: 'El hash que registra una aprobación de este rango: concilia verify lo recalcula a partir de las cifras de este mismo libro.',
  kindPortal: 'informe de facturación del portal (facturado frente a informado por el proveedor)',
  kindPayg: 'periodos de facturación PAYG (facturado frente a cobrado)',
  validation: {
    stateTitle: 'Estado de revisión',
    state: 'Elija abierta, explicada, resuelta o trasladada al periodo siguiente. Explicada, resuelta y trasladada necesitan un motivo y una nota.',
    reasonTitle: 'Motivo',
    reason: 'Elija por qué difieren las cifras; escriba la explicación en Nota.',
    errorTitle: 'No está en la lista',
    error: 'Elija un valor de la lista (o deje la celda vacía).',
  },
  cover: {
    title: (connection) => `Conciliación de ${connection}`,
    draft: 'BORRADOR — sin aprobar',
    signed: (roles) => `APROBADO — ${roles}`,
    voided: (at) => `ANULADO — las cifras cambiaron después de la aprobación del ${at}`,
    signoffs: 'Aprobaciones',
    none: 'ninguna',
    complete: 'Completo: todos los periodos sincronizados, nada apartado',
    incomplete: 'NO completo: vea Controles antes de confiar en estas cifras',
    verifyHint: 'Compruebe este libro sin conexión con: concilia verify ARCHIVO.xlsx',
  },
  footer: (connection, range, hash) => `${connection} · ${range} · cifras ${hash.slice(0, 16)}…`,
  page: 'Página &P de &N',
  verify: {
    verified: (what, count) => `VERIFICADO: este libro es el que se aprobó (${what}). Sus cifras, tolerancia y revisiones declaradas dan el hash que ${count === 1 ? 'firmó la aprobación' : `firmaron las ${count} aprobaciones`}, y todas las firmas son válidas.`,
    altered: (what) => `NO VERIFICADO: este libro no es el que se aprobó (${what}). Después de la firma se cambió una cifra, una revisión declarada, el rango o una firma.`,
    voided: (what) => `NO VERIFICADO: todas las aprobaciones de este libro (${what}) se anularon: sus cifras cambiaron después de firmarse.`,
    notSigned: (what) => `SIN APROBAR: este libro (${what}) es un borrador; ninguna aprobación lo firmó.`,
    signature: (role, who, at, fingerprint) => `${role} ${who}, ${at}, clave ${fingerprint.slice(0, 16)}…`,
    holds: 'firma válida; la declaración que firmó es la de este libro',
    badSignature: 'la firma no corresponde a la entrada firmada',
    unknownKey: 'su clave pública no está en Acerca de (o no corresponde a su huella)',
    otherRange: 'firmó otra conexión u otro rango',
    statementDiffers: 'la declaración que firmó difiere de las cifras o las revisiones declaradas de este libro',
    voidedNote: 'anulada: las cifras cambiaron después de firmarse',
  },
};

export const WORKBOOK_SENTENCES: Record<Language, WorkbookSentences> = { en, es };

/** Everything a workbook in `language` says. */
export interface WorkbookLanguage {
  language: Language;
  words: Words;
  says: WorkbookSentences;
  term: (text: string) => string;
}

export function workbookLanguage(language: Language): WorkbookLanguage {
  return { language, words: WORDS[language], says: WORKBOOK_SENTENCES[language], term: (text) => term(text, language) };
}
