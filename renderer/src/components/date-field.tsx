import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../format/dates.ts';
import { datePattern, formatDateInput, parseDateInput } from '../format/date-input.ts';
import { useLocale } from '../i18n/use-locale.ts';

interface Props {
  id: string;
  label: string;
  /** ISO date, or '' while what is typed is not a date. */
  value: string;
  onChange: (iso: string) => void;
  testId?: string;
}

/**
 * A date typed in the app's language (a native date input follows the browser's language, not
 * the app's). The hint under it spells the expected order, then the date in words once it reads.
 * It starts from `value`; callers remount it (key) when the value changes from outside.
 */
export function DateField({ id, label, value, onChange, testId }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [text, setText] = useState(() => formatDateInput(value, locale));
  const parsed = parseDateInput(text, locale);
  const { order, separator } = datePattern(locale);
  const pattern = order.map((part) => t(`date.${part}`)).join(separator);
  const hintId = `${id}-hint`;
  return (
    <div className="field date-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        value={text}
        placeholder={pattern}
        size={11}
        aria-invalid={parsed === null}
        aria-describedby={hintId}
        onChange={(e) => {
          setText(e.target.value);
          onChange(parseDateInput(e.target.value, locale) ?? '');
        }}
        onBlur={() => {
          if (parsed) setText(formatDateInput(parsed, locale));
        }}
        data-testid={testId}
      />
      <span id={hintId} className={parsed === null && text !== '' ? 'field-hint field-error' : 'field-hint'}>
        {parsed ? formatDate(parsed, locale) : t('date.hint', { pattern })}
      </span>
    </div>
  );
}
