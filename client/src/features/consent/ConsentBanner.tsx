import { useState } from 'react';
import { useConsentQuery, useSaveConsentMutation } from './consent.api';

/**
 * Asks once (and again when the policy changes). Necessary cookies need no consent; analytics and
 * marketing stay off until the shopper turns them on, and "Necessary only" is as easy as accepting.
 */
export function ConsentBanner() {
  const { data } = useConsentQuery();
  const [save, { isLoading }] = useSaveConsentMutation();
  const [choosing, setChoosing] = useState(false);
  const [analytics, setAnalytics] = useState(false);
  const [marketing, setMarketing] = useState(false);
  if (!data || data.decided) return null;
  return (
    <section role="region" aria-label="Cookie consent" className="fixed inset-x-0 bottom-0 z-40 border-t bg-white p-4 shadow-lg">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-3 text-sm">
        <p className="min-w-64 flex-1">
          We use necessary cookies to run the shop (your session and cart). With your consent we also count visits to improve the shop
          (analytics) and may show you offers (marketing).
        </p>
        {choosing && (
          <span className="flex gap-4">
            <label className="flex items-center gap-1">
              <input type="checkbox" checked={analytics} onChange={(e) => setAnalytics(e.target.checked)} /> Analytics
            </label>
            <label className="flex items-center gap-1">
              <input type="checkbox" checked={marketing} onChange={(e) => setMarketing(e.target.checked)} /> Marketing
            </label>
          </span>
        )}
        <span className="flex gap-2">
          <button type="button" className="btn" disabled={isLoading} onClick={() => save({ analytics: false, marketing: false })}>
            Necessary only
          </button>
          {choosing ? (
            <button type="button" className="btn-primary" disabled={isLoading} onClick={() => save({ analytics, marketing })}>
              Save choices
            </button>
          ) : (
            <>
              <button type="button" className="btn" onClick={() => setChoosing(true)}>
                Choose…
              </button>
              <button type="button" className="btn-primary" disabled={isLoading} onClick={() => save({ analytics: true, marketing: true })}>
                Accept all
              </button>
            </>
          )}
        </span>
      </div>
    </section>
  );
}
