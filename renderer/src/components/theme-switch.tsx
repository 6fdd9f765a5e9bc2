import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Theme } from '../api/types.ts';
import { useWorkspace } from '../state/workspace.tsx';

const THEMES: readonly Theme[] = ['system', 'light', 'dark'];

/** Light, dark, or the system's choice; saved in settings and applied as <html data-theme>. */
export function ThemeSwitch() {
  const { t } = useTranslation();
  const { theme, saveSettings } = useWorkspace();

  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);

  return (
    <div className="field">
      <label htmlFor="theme-select" className="sr-only">
        {t('header.theme')}
      </label>
      <select id="theme-select" value={theme} onChange={(e) => void saveSettings({ theme: e.target.value as Theme })} data-testid="theme-select">
        {THEMES.map((value) => (
          <option key={value} value={value}>
            {t(`header.themes.${value}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
