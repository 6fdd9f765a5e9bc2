import { useTranslation } from 'react-i18next';
import { LANGUAGES, systemLanguage, type Language } from '../i18n/index.ts';
import { useWorkspace } from '../state/workspace.tsx';
import { useEffect } from 'react';

/** English or Spanish; "system" follows the operating system's language. The choice is saved in settings. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { settings, saveSettings } = useWorkspace();
  const saved = settings?.locale ?? null;

  useEffect(() => {
    const wanted = saved ?? systemLanguage();
    if (i18n.language !== wanted) void i18n.changeLanguage(wanted);
  }, [saved, i18n]);

  const onChange = (value: string) => {
    const locale = value === 'system' ? null : (value as Language);
    void i18n.changeLanguage(locale ?? systemLanguage());
    void saveSettings({ locale });
  };

  return (
    <div className="field">
      <label htmlFor="language-select" className="sr-only">
        {t('header.language')}
      </label>
      <select id="language-select" value={saved ?? 'system'} onChange={(e) => onChange(e.target.value)} data-testid="language-select">
        <option value="system">{t('header.systemLanguage')}</option>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {l === 'en' ? 'English' : 'Español'}
          </option>
        ))}
      </select>
    </div>
  );
}
