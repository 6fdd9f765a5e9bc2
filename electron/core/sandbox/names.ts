/**
 * Names for generated providers and loans. Real upstream data is messy, so these deliberately carry
 * accents, commas, double quotes and leading `=`, `+`, `-`, `@` (spreadsheet formula triggers): an
 * export that does not neutralise them, or a CSV writer that does not quote them, shows it at once.
 */

import { hash32, unitAt } from './random.ts';

/** Curated names for the first providers of the demo tenant (`acme-logistics`, COP). */
export const ACME_PROVIDER_NAMES: readonly string[] = [
  'Transporte Rápido S.A.',
  'Logística del Norte',
  'ServiFlota Express',
  'Transportes Núñez & Cía. S.A.S.',
  '=HYPERLINK("http://x","y")',
  'Cargas "El Cóndor" Ltda.',
  '+Carga',
  'Mudanzas Bogotá, S.A.S.',
  '-Fletes Álvarez',
  '@Envíos Pacífico',
  'Distribuciones Peña Hermanos',
  'Logística Integral del Café',
  'Transportadora "La Montaña", S.A.',
  'Acarreos Güepsa',
  'Zona Franca Cargo',
  'Montacargas y Grúas Medellín',
  'Cooperativa de Transportadores del Huila',
  'Expresos de Carga Bolívar',
  'Tractocamiones Sánchez, Ltda.',
  'Flota Magdalena',
  'Camiones & Rutas del Valle',
  'Frío Express S.A.S.',
  'Almacenajes Cartagena',
  'Transportes Ñuflo',
  'Rutas Andinas "Los Paisas"',
  'Logística Ordóñez, López y Cía.',
  'Carga Segura 24/7',
  'Transportes Zipaquirá',
  'Furgones Manizales',
  'Encomiendas El Llano',
  'Operadora Logística Caribe',
  'Despachos Tunja',
  'Grúas Pereira',
  'Distribuidora Cúcuta, S.A.',
  'Mensajería Rápida Ibagué',
  'Transportes Villavicencio',
  'Logística Sostenible Andina',
  'Carga Pesada Barranquilla',
  'TransOriente S.A.S.',
  'Fletes y Acarreos Popayán',
];

/** Curated names for the second demo tenant (`fletes-bajio`, MXN). */
export const BAJIO_PROVIDER_NAMES: readonly string[] = [
  'Autotransportes Pérez, S.A. de C.V.',
  'Fletes del Bajío',
  'Mudanzas "La Güera"',
  '=1+2',
  '-Paquetería Díaz',
  '@Logística Querétaro',
  'Transportes Jalisco',
  'Carga Refrigerada León, S. de R.L.',
  'Exprés Guanajuato',
  'Acarreos Peñón',
  'Logística Integral Celaya',
  'Tráileres del Centro',
];

const PREFIXES = ['Transportes', 'Logística', 'Fletes', 'Carga', 'Mudanzas', 'Distribuciones', 'Expresos', 'Acarreos'];
const SURNAMES = [
  'Gómez', 'Martínez', 'Rodríguez', 'Hernández', 'López', 'García', 'Pérez', 'Sánchez', 'Ramírez', 'Torres',
  'Flores', 'Rivera', 'Díaz', 'Muñoz', 'Álvarez', 'Romero', 'Jiménez', 'Ruiz', 'Ortiz', 'Castaño',
];
const SUFFIXES = ['S.A.', 'S.A.S.', 'Ltda.', 'Hermanos', 'Express', '& Cía.', 'del Sur', 'del Norte'];

/** A deterministic, varied provider name for providers beyond the curated list. */
export function generatedProviderName(seed: number, tenantIndex: number, providerIndex: number): string {
  const h = hash32(seed, 'provider-name', tenantIndex, providerIndex);
  const prefix = PREFIXES[Math.floor(unitAt(h, 0) * PREFIXES.length)] ?? 'Transportes';
  const surname = SURNAMES[Math.floor(unitAt(h, 1) * SURNAMES.length)] ?? 'Gómez';
  const suffix = SUFFIXES[Math.floor(unitAt(h, 2) * SUFFIXES.length)] ?? 'S.A.';
  const style = unitAt(h, 3);
  const n = String(providerIndex + 1).padStart(4, '0');
  if (style < 0.15) return `${prefix} ${surname}, ${suffix} ${n}`;
  if (style < 0.2) return `${prefix} "${surname}" ${n}`;
  return `${prefix} ${surname} ${suffix} ${n}`;
}

const ASSETS = [
  'Tractor MF 375',
  'Tractor MF 240',
  'Tractor John Deere 5055E',
  'Tractor Mahindra 575 DI',
  'Harvester Kubota DC-70',
  'Planter Jumil 2640',
  'Sprayer Jacto Advance 2000',
  'Tractor Sonalika DI 60',
];
const LOCATIONS = ['Kano', 'Kaduna', 'Nakuru', 'Eldoret', 'Tamale', 'Kumasi', 'Thiès', 'Ségou', 'Zaria', 'Kisumu'];

/** Loan names at fixed positions, to make sure the awkward cases exist in every dataset that is large enough. */
const LOAN_NAME_SPECIALS: Readonly<Record<number, (n: string) => string>> = {
  2: (n) => `Contract ${n} – Tractor MF 375, Kano`,
  4: (n) => `Contract ${n} – Tractor Kubota L4508, Coopérative de Thiès`,
  6: (n) => `=Contract ${n} – Tractor MF 375`,
  9: (n) => `Contract ${n} – "Big Red" MF 390`,
  12: (n) => `Contract ${n} – Moto-pompe Ségou`,
  17: (n) => `+Contract ${n} – Tractor MF 240`,
  41: (n) => `Contract ${n} – Tractor MF 375`,
};

/** "Contract 0042 – Tractor MF 375" and variants (accents, commas, quotes, leading `=`/`+`). */
export function loanName(seed: number, loanIndex: number): string {
  const n = String(loanIndex + 1).padStart(4, '0');
  const special = LOAN_NAME_SPECIALS[loanIndex];
  if (special) return special(n);
  const h = hash32(seed, 'loan-name', loanIndex);
  const asset = ASSETS[Math.floor(unitAt(h, 0) * ASSETS.length)] ?? 'Tractor MF 375';
  if (unitAt(h, 1) < 0.15) {
    const location = LOCATIONS[Math.floor(unitAt(h, 2) * LOCATIONS.length)] ?? 'Kano';
    return `Contract ${n} – ${asset}, ${location}`;
  }
  return `Contract ${n} – ${asset}`;
}
