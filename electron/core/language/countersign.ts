/**
 * The words of countersigning away from the cache (core/signoff/countersign.ts): what the
 * reviewer is shown, what the countersignature file says, why an import is refused, and the audit
 * log's sentences for the two new entries. Kept apart from words.ts so the sentences of one
 * feature sit together; describe.ts puts them together with ranges and names.
 */
import type { Language } from './language.ts';
import type { VoidReason } from '../review/types.ts';

/** Why a countersignature is refused, as data (the faces say it in their language). */
export type CountersignRefusal =
  | { code: 'countersign_unreadable'; file: string }
  | { code: 'countersign_bad_signature'; reviewer: string }
  | { code: 'countersign_own_account'; name: string }
  | { code: 'countersign_other_range'; connection: string; from: string; to: string; period: string }
  | { code: 'countersign_not_signed_here'; connection: string; from: string; to: string; period: string; preparer: string }
  | { code: 'countersign_figures_changed'; preparer: string; voided: VoidReason | null }
  | { code: 'countersign_unknown_key'; reviewer: string; account: string; fingerprint: string }
  | { code: 'countersign_key_other_account'; fingerprint: string; owner: string }
  | { code: 'countersign_not_signed'; file: string }
  | { code: 'countersign_altered'; file: string };

export interface CountersignWords {
  /** The sentence at the top of the file, for whoever opens it. */
  says: (reviewer: string, preparer: string, what: string, at: string) => string;
  refusal: {
    unreadable: (file: string) => string;
    badSignature: (reviewer: string) => string;
    ownAccount: (name: string) => string;
    otherRange: (what: string) => string;
    notSignedHere: (what: string, preparer: string) => string;
    figuresChanged: (preparer: string, why: string) => string;
    unknownKey: (reviewer: string, account: string, fingerprint: string) => string;
    keyOtherAccount: (fingerprint: string, owner: string) => string;
    notSigned: (file: string) => string;
    altered: (file: string) => string;
  };
  audit: {
    countersign: (preparer: string, range: string, hash: string) => string;
    imported: (reviewer: string, range: string) => string;
  };
  cli: {
    verified: (file: string) => string;
    preparerSigned: (preparer: string, account: string, at: string, fingerprint: string) => string;
    notes: (count: string) => string;
    written: (file: string, reviewer: string) => string;
    sendBack: (preparer: string) => string;
    imported: (reviewer: string, what: string) => string;
    trustWith: (command: string) => string;
  };
}

const short = (fingerprint: string): string => fingerprint.match(/.{1,4}/g)?.join(' ') ?? fingerprint;

export const COUNTERSIGN_WORDS: Record<Language, CountersignWords> = {
  en: {
    says: (reviewer, preparer, what, at) =>
      `${reviewer} countersigned, as reviewer, ${preparer}'s sign-off of ${what} on ${at}. The preparer imports this file with "concilia import-signoff" or File → Import a countersignature in Concilia.`,
    refusal: {
      unreadable: (file) => `${file} is not a countersignature Concilia wrote (or it was edited). Ask the reviewer to send the file "concilia countersign" made again.`,
      badSignature: (reviewer) => `The signature in this countersignature does not match what it says: it was edited after ${reviewer} signed it, or it was not signed by the key it names. It is not imported.`,
      ownAccount: (name) => `${name} prepared this range, so another account must review it. A countersignature by the preparer's own account is refused.`,
      otherRange: (what) => `This cache has no preparer sign-off of ${what}, so this countersignature is for another range or another cache. Nothing was imported.`,
      notSignedHere: (what, preparer) =>
        `This countersignature is for a workbook whose figures or reviews are not those ${preparer} signed here for ${what}. Export the signed workbook again and send it to the reviewer.`,
      figuresChanged: (preparer, why) => `This countersignature is for ${preparer}'s sign-off, which no longer stands. ${why} Sign the range again and send the new workbook to the reviewer.`,
      unknownKey: (reviewer, account, fingerprint) =>
        `This countersignature is signed with a key this cache does not know: ${reviewer} (${account}), key fingerprint ${short(fingerprint)}. Ask ${reviewer} to read you the fingerprint "concilia identity" shows on their computer (by phone or in person, not by the same e-mail); if it is the same, import again and trust that key.`,
      keyOtherAccount: (fingerprint, owner) => `The key that signed this countersignature (${short(fingerprint)}) belongs to ${owner} in this cache, not to the account the file names. It is not imported.`,
      notSigned: (file) => `${file} has no live preparer sign-off, so there is nothing to countersign. The preparer signs off first and exports the workbook again.`,
      altered: (file) => `${file} is not the workbook the preparer signed: a figure, a signed review or a signature was changed since (concilia verify says which). Nothing was countersigned; ask the preparer to send the workbook again.`,
    },
    audit: {
      countersign: (preparer, range, hash) => `Countersigned as reviewer ${preparer}'s sign-off of ${range}, on another computer (statement ${hash.slice(0, 12)}…).`,
      imported: (reviewer, range) => `Imported ${reviewer}'s countersignature of ${range}: the reviewer sign-off is live.`,
    },
    cli: {
      verified: (file) => `${file}: the figures and the preparer's signature are intact, and nothing but the Review columns was edited.`,
      preparerSigned: (preparer, account, at, fingerprint) => `Signed as preparer by ${preparer} (${account}) on ${at}, key fingerprint ${short(fingerprint)}.`,
      notes: (count) => `Your notes in the Review columns: ${count} item(s). They travel in the workbook; the preparer brings them in with "concilia import-review".`,
      written: (file, reviewer) => `Countersigned as reviewer by ${reviewer}: ${file}`,
      sendBack: (preparer) => `Send this file (and the workbook, if you filled the Review columns) back to ${preparer}.`,
      trustWith: (command) => `To trust it: ${command}`,
      imported: (reviewer, what) => `Imported: ${reviewer} signed off ${what} as reviewer. The signature and the statement were checked, and the sign-off is in the audit log.`,
    },
  },
  es: {
    says: (reviewer, preparer, what, at) =>
      `${reviewer} refrendó, como revisor, la aprobación de ${preparer} de ${what} el ${at}. El preparador importa este archivo con "concilia import-signoff" o Archivo → Importar un refrendo en Concilia.`,
    refusal: {
      unreadable: (file) => `${file} no es un refrendo escrito por Concilia (o fue editado). Pida al revisor que envíe de nuevo el archivo que hizo "concilia countersign".`,
      badSignature: (reviewer) => `La firma de este refrendo no corresponde a lo que dice: fue editado después de que ${reviewer} lo firmara, o no lo firmó la clave que nombra. No se importa.`,
      ownAccount: (name) => `${name} preparó este rango, así que otra cuenta debe revisarlo. Se rechaza un refrendo de la propia cuenta del preparador.`,
      otherRange: (what) => `Esta caché no tiene una aprobación de preparador de ${what}, así que este refrendo es de otro rango o de otra caché. No se importó nada.`,
      notSignedHere: (what, preparer) =>
        `Este refrendo es de un libro cuyas cifras o revisiones no son las que ${preparer} aprobó aquí para ${what}. Exporte de nuevo el libro aprobado y envíelo al revisor.`,
      figuresChanged: (preparer, why) => `Este refrendo es de la aprobación de ${preparer}, que ya no está vigente. ${why} Apruebe de nuevo el rango y envíe el nuevo libro al revisor.`,
      unknownKey: (reviewer, account, fingerprint) =>
        `Este refrendo está firmado con una clave que esta caché no conoce: ${reviewer} (${account}), huella de la clave ${short(fingerprint)}. Pida a ${reviewer} que le lea la huella que muestra "concilia identity" en su computador (por teléfono o en persona, no por el mismo correo); si es la misma, importe de nuevo confiando en esa clave.`,
      keyOtherAccount: (fingerprint, owner) => `La clave que firmó este refrendo (${short(fingerprint)}) pertenece a ${owner} en esta caché, no a la cuenta que nombra el archivo. No se importa.`,
      notSigned: (file) => `${file} no tiene una aprobación de preparador vigente, así que no hay nada que refrendar. Primero el preparador aprueba y exporta de nuevo el libro.`,
      altered: (file) => `${file} no es el libro que aprobó el preparador: se cambió una cifra, una revisión aprobada o una firma (concilia verify dice cuál). No se refrendó nada; pida al preparador que envíe de nuevo el libro.`,
    },
    audit: {
      countersign: (preparer, range, hash) => `Refrendó como revisor la aprobación de ${preparer} de ${range}, en otro computador (declaración ${hash.slice(0, 12)}…).`,
      imported: (reviewer, range) => `Importó el refrendo de ${reviewer} de ${range}: la aprobación del revisor está vigente.`,
    },
    cli: {
      verified: (file) => `${file}: las cifras y la firma del preparador están intactas, y solo se editaron las columnas de revisión.`,
      preparerSigned: (preparer, account, at, fingerprint) => `Aprobado como preparador por ${preparer} (${account}) el ${at}, huella de la clave ${short(fingerprint)}.`,
      notes: (count) => `Sus notas en las columnas de revisión: ${count} partida(s). Viajan en el libro; el preparador las trae con "concilia import-review".`,
      written: (file, reviewer) => `Refrendado como revisor por ${reviewer}: ${file}`,
      sendBack: (preparer) => `Envíe este archivo (y el libro, si llenó las columnas de revisión) de vuelta a ${preparer}.`,
      trustWith: (command) => `Para confiar en ella: ${command}`,
      imported: (reviewer, what) => `Importado: ${reviewer} aprobó ${what} como revisor. Se comprobaron la firma y la declaración, y la aprobación está en el registro de auditoría.`,
    },
  },
};
