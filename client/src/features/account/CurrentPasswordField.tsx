import { useTranslation } from 'react-i18next';

/** The account's password, as the sign-in form and the link-account step ask for it. */
export function CurrentPasswordField({ id }: { id: string }) {
  const { t } = useTranslation();
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {t('auth.password')}
      </label>
      <input id={id} name="password" type="password" autoComplete="current-password" required className="mt-1 w-full rounded border p-2" />
    </div>
  );
}
