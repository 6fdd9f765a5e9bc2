import { useTranslation } from 'react-i18next';

/** Opened without the preload and without a harness token: say how to open it properly. */
export function NoBackend() {
  const { t } = useTranslation();
  return (
    <main className="card error-screen" role="alert">
      <h1 className="card-title">{t('noBackend.title')}</h1>
      <p>{t('noBackend.body')}</p>
    </main>
  );
}
