import type { ErasureResult } from '@bazaar/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/apiSlice';
import { toFriendlyError } from '../../api/errors';
import { reconnectSocket } from '../../api/socket';
import { useAppDispatch } from '../../app/hooks';
import { useConsentQuery, useSaveConsentMutation } from '../consent/consent.api';

const privacyApi = api.injectEndpoints({
  endpoints: (build) => ({
    eraseMe: build.mutation<ErasureResult, string>({ query: (password) => ({ url: '/me/erase', method: 'POST', body: { password } }) }),
  }),
});

/** The shopper's own data: cookie choices, a download of everything held, and erasure. */
export function PrivacyPanel() {
  const { t } = useTranslation();
  const { data: consent } = useConsentQuery();
  const [saveConsent] = useSaveConsentMutation();
  const [erase, { isLoading }] = privacyApi.useEraseMeMutation();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const dispatch = useAppDispatch();
  const navigate = useNavigate();
  return (
    <div className="max-w-xl space-y-6 text-sm">
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{t('privacy.cookies')}</h2>
        {consent && (
          <>
            {(['analytics', 'marketing'] as const).map((k) => (
              <label key={k} className="flex items-center gap-2">
                <input
                  type="checkbox"
                  checked={consent[k]}
                  onChange={(e) => saveConsent({ analytics: consent.analytics, marketing: consent.marketing, [k]: e.target.checked })}
                />
                {t(`privacy.${k}`)}
              </label>
            ))}
          </>
        )}
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{t('privacy.yourData')}</h2>
        <p>{t('privacy.exportText')}</p>
        <a className="btn inline-block" href="/api/v1/me/data-export" download>
          {t('privacy.download')}
        </a>
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{t('privacy.erase')}</h2>
        <p>{t('privacy.eraseText')}</p>
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={async (e) => {
            e.preventDefault();
            setError(undefined);
            try {
              await erase(password).unwrap();
              dispatch(api.util.resetApiState());
              reconnectSocket();
              navigate('/');
            } catch (err) {
              setError(toFriendlyError(err).fields.password ?? toFriendlyError(err).message);
            }
          }}
        >
          <label className="block">
            <span className="mb-1 block">{t('privacy.confirmPassword')}</span>
            <input
              type="password"
              autoComplete="current-password"
              className="input w-64"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <button type="submit" className="btn-danger" disabled={!password || isLoading}>
            {t('privacy.erase')}
          </button>
          {error && (
            <p role="alert" className="w-full text-red-700">
              {error}
            </p>
          )}
        </form>
      </section>
    </div>
  );
}
