import { useTranslation } from 'react-i18next';
import { formattingLocale } from './index.ts';

/** The locale for Intl formatting that matches the chosen language. */
export function useLocale(): string {
  const { i18n } = useTranslation();
  return formattingLocale(i18n.language);
}
