import { useTranslation } from 'react-i18next';
import type { PortalClass, ReviewState, ReviewView } from '../api/types.ts';

const CLASS_TONE: Record<PortalClass, string> = {
  MATCHED: 'badge-ok',
  WITHIN_TOLERANCE: 'badge-warn',
  PROVIDER_HIGHER: 'badge-up',
  PROVIDER_LOWER: 'badge-bad',
};

/** Colour plus a symbol plus words, so the class never rests on colour alone. */
export function ClassBadge({ value }: { value: PortalClass }) {
  const { t } = useTranslation();
  return <span className={`badge ${CLASS_TONE[value]}`}>{t(`class.${value}`)}</span>;
}

const STATE_TONE: Record<ReviewState, string> = { open: 'badge-neutral', explained: 'badge-warn', resolved: 'badge-ok', carried_forward: 'badge-warn' };

/** Wide enough for the longest state in either language ("Carried forward") without cutting it. */
export const REVIEW_COLUMN_SIZE = 170;

/**
 * An item's review state; an open item a restatement reopened says so ("Reopened"), so a reviewed
 * item whose figures changed never passes for one nobody has looked at.
 */
export function ReviewBadge({ review }: { review: Pick<ReviewView, 'state' | 'reopened'> | null | undefined }) {
  const { t } = useTranslation();
  const state = review?.state ?? 'open';
  if (state === 'open' && review?.reopened) return <span className="badge badge-bad">{t('review.reopened')}</span>;
  return <span className={`badge ${STATE_TONE[state]}`}>{t(`review.state.${state}`)}</span>;
}
