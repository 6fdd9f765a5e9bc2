/**
 * An item as a person names it: "Rutas Andinas · Mar 2025", "Contract 0004 – Harvester · 6–12 Jan
 * 2025". Built from reconcile:describe's answer; until it arrives, from what the item itself
 * carries, never from its key.
 */
import type { TFunction } from 'i18next';
import type { ItemName } from '../api/types.ts';
import { formatSpan } from './dates.ts';

/** Who or what the item is about: provider, loan, or the report as a whole. */
export function itemWho(name: ItemName | undefined, t: TFunction): string {
  if (!name) return t('common.loading');
  if (name.name) return name.name;
  if (name.kind === 'billing_period') return t('items.billingPeriod', { ref: name.ref ?? '' });
  if (name.kind === 'finding' && name.check === 'quarantined') return t('items.record', { ref: name.ref ?? '' });
  if (name.ref) return t('items.provider', { ref: name.ref });
  return name.kind === 'finding' ? t('items.wholeReport') : t('items.unknown');
}

export function itemWhen(name: ItemName | undefined, locale: string): string {
  return name?.periodStart ? formatSpan(name.periodStart, name.periodEnd, locale) : '';
}

export function itemLabel(name: ItemName | undefined, t: TFunction, locale: string): string {
  const when = itemWhen(name, locale);
  const who = itemWho(name, t);
  const check = name?.kind === 'finding' && name.check ? `${t(`check.${name.check}`, { defaultValue: t('items.check') })}: ` : '';
  return when ? `${check}${who} · ${when}` : `${check}${who}`;
}
