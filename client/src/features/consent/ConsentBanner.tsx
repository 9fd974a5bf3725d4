import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsentQuery, useSaveConsentMutation } from './consent.api';

/**
 * Asks once (and again when the policy changes). Necessary cookies need no consent; analytics and
 * marketing stay off until the shopper turns them on, and "Necessary only" is as easy as accepting.
 */
export function ConsentBanner() {
  const { t } = useTranslation();
  const { data } = useConsentQuery();
  const [save, { isLoading }] = useSaveConsentMutation();
  const [choosing, setChoosing] = useState(false);
  const [analytics, setAnalytics] = useState(false);
  const [marketing, setMarketing] = useState(false);
  if (!data || data.decided) return null;
  return (
    <section role="region" aria-label={t('consent.region')} className="fixed inset-x-0 bottom-0 z-40 border-t bg-white p-4 shadow-lg">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-3 text-sm">
        <p className="min-w-64 flex-1">{t('consent.text')}</p>
        {choosing && (
          <span className="flex gap-4">
            <label className="flex items-center gap-1">
              <input type="checkbox" checked={analytics} onChange={(e) => setAnalytics(e.target.checked)} /> {t('consent.analytics')}
            </label>
            <label className="flex items-center gap-1">
              <input type="checkbox" checked={marketing} onChange={(e) => setMarketing(e.target.checked)} /> {t('consent.marketing')}
            </label>
          </span>
        )}
        <span className="flex gap-2">
          <button type="button" className="btn" disabled={isLoading} onClick={() => save({ analytics: false, marketing: false })}>
            {t('consent.necessaryOnly')}
          </button>
          {choosing ? (
            <button type="button" className="btn-primary" disabled={isLoading} onClick={() => save({ analytics, marketing })}>
              {t('consent.saveChoices')}
            </button>
          ) : (
            <>
              <button type="button" className="btn" onClick={() => setChoosing(true)}>
                {t('consent.choose')}
              </button>
              <button type="button" className="btn-primary" disabled={isLoading} onClick={() => save({ analytics: true, marketing: true })}>
                {t('consent.acceptAll')}
              </button>
            </>
          )}
        </span>
      </div>
    </section>
  );
}
