import { UpdateProfileRequest, type Me } from '@bazaar/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch } from '../../app/hooks';
import { toast } from '../../app/ui.slice';
import { toFriendlyError } from '../../api/errors';
import { useUpdateProfileMutation } from './account.api';

/** The profile: the display name, checked with the server's own schema before it is sent. */
export function ProfileForm({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [name, setName] = useState(me.name);
  const [error, setError] = useState<string>();
  const [update, { isLoading }] = useUpdateProfileMutation();
  const dispatch = useAppDispatch();
  const check = () => {
    const parsed = UpdateProfileRequest.safeParse({ name });
    setError(parsed.success ? undefined : parsed.error.issues[0]?.message);
    return parsed.success ? parsed.data : undefined;
  };
  return (
    <form
      noValidate
      className="max-w-md space-y-3 text-sm"
      onSubmit={async (e) => {
        e.preventDefault();
        const body = check();
        if (!body) return;
        try {
          const saved = await update(body).unwrap();
          setName(saved.name);
          dispatch(toast('success', t('account.profileSaved')));
        } catch (err) {
          const friendly = toFriendlyError(err);
          setError(friendly.fields.name ?? friendly.message);
        }
      }}
    >
      <div>
        <label htmlFor="profile-name" className="block font-medium">
          {t('account.displayName')}
        </label>
        <input
          id="profile-name"
          name="name"
          autoComplete="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          onBlur={() => error && check()}
          aria-invalid={!!error}
          aria-describedby={error ? 'profile-name-error' : undefined}
          className="mt-1 w-full rounded border p-2"
        />
        {error && (
          <p id="profile-name-error" className="text-red-700">
            {error}
          </p>
        )}
      </div>
      <p className="text-gray-600">{t('account.emailLine', { email: me.email })}</p>
      <button type="submit" disabled={isLoading} className="rounded bg-gray-900 px-4 py-2 text-white disabled:opacity-50">
        {t('common.save')}
      </button>
    </form>
  );
}
