import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Passkey } from '@bazaar/shared';
import { PasskeyName } from '@bazaar/shared';
import { toFriendlyError } from '../../api/errors';
import { useFormat } from '../../i18n/useFormat';
import {
  useAddPasskeyMutation,
  usePasskeyCreationOptionsMutation,
  usePasskeysQuery,
  useRemovePasskeyMutation,
  useRenamePasskeyMutation,
} from './passkeys.api';
import { createPasskey, passkeysSupported, wasCancelled } from './webauthn';

/** The account's passkeys: add one (named), rename, remove (after a confirmation). */
export function PasskeysPanel() {
  const { t } = useTranslation();
  const { data: passkeys = [], isLoading } = usePasskeysQuery();
  const [creationOptions] = usePasskeyCreationOptionsMutation();
  const [add] = useAddPasskeyMutation();
  const [nameError, setNameError] = useState<string>();
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const supported = passkeysSupported();

  const addPasskey = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const formElement = e.currentTarget;
    setMessage(undefined);
    const name = PasskeyName.safeParse(new FormData(formElement).get('name'));
    if (!name.success) return setNameError(name.error.issues[0]?.message);
    setNameError(undefined);
    setBusy(true);
    try {
      const response = await createPasskey(await creationOptions().unwrap());
      await add({ name: name.data, response }).unwrap();
      formElement.reset();
      setMessage(t('passkeys.added', { name: name.data }));
    } catch (err) {
      setMessage(wasCancelled(err) ? t('passkeys.cancelled') : toFriendlyError(err).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="passkeys-heading" className="space-y-3 text-sm">
      <h2 id="passkeys-heading" className="font-semibold">
        {t('passkeys.heading')}
      </h2>
      <p>{t('passkeys.explain')}</p>
      {isLoading ? (
        <p>{t('common.loading')}</p>
      ) : passkeys.length ? (
        <ul aria-label={t('passkeys.listLabel')} className="divide-y rounded border">
          {passkeys.map((p) => (
            <PasskeyItem key={p.id} passkey={p} />
          ))}
        </ul>
      ) : (
        <p>{t('passkeys.none')}</p>
      )}
      {supported ? (
        <form onSubmit={addPasskey} className="space-y-1" noValidate>
          <label htmlFor="passkey-name" className="block">
            {t('passkeys.name')}
          </label>
          <input
            id="passkey-name"
            name="name"
            className="rounded border p-1"
            placeholder={t('passkeys.namePlaceholder')}
            aria-invalid={!!nameError}
            aria-describedby={nameError ? 'passkey-name-error' : undefined}
          />
          <button type="submit" disabled={busy} className="ml-2 rounded bg-gray-900 px-3 py-1 text-white">
            {t('passkeys.add')}
          </button>
          {nameError && (
            <p id="passkey-name-error" className="text-red-700">
              {nameError}
            </p>
          )}
        </form>
      ) : (
        <p>{t('passkeys.unsupported')}</p>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}

function PasskeyItem({ passkey }: { passkey: Passkey }) {
  const { t } = useTranslation();
  const { dateTime } = useFormat();
  const [rename] = useRenamePasskeyMutation();
  const [remove] = useRemovePasskeyMutation();
  const [mode, setMode] = useState<'show' | 'rename' | 'confirm'>('show');
  const [error, setError] = useState<string>();

  const act = async (run: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await run();
      setMode('show');
    } catch (err) {
      setError(toFriendlyError(err).message);
    }
  };

  return (
    <li className="space-y-1 p-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span>
          <strong>{passkey.name}</strong> · {passkey.deviceType === 'multiDevice' ? t('passkeys.synced') : t('passkeys.singleDevice')} ·{' '}
          {t('passkeys.addedOn', { date: dateTime(passkey.createdAt) })} ·{' '}
          {passkey.lastUsedAt ? t('passkeys.lastUsed', { date: dateTime(passkey.lastUsedAt) }) : t('passkeys.neverUsed')}
        </span>
        {mode === 'show' && (
          <span className="flex gap-3">
            <button type="button" className="underline" onClick={() => setMode('rename')}>
              {t('passkeys.rename', { name: passkey.name })}
            </button>
            <button type="button" className="underline" onClick={() => setMode('confirm')}>
              {t('passkeys.remove', { name: passkey.name })}
            </button>
          </span>
        )}
      </div>
      {mode === 'rename' && (
        <form
          className="flex flex-wrap items-center gap-2"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const name = PasskeyName.safeParse(new FormData(e.currentTarget).get('name'));
            if (!name.success) return setError(name.error.issues[0]?.message);
            void act(() => rename({ id: passkey.id, name: name.data }).unwrap());
          }}
        >
          <label htmlFor={`rename-${passkey.id}`}>{t('passkeys.newName')}</label>
          <input id={`rename-${passkey.id}`} name="name" defaultValue={passkey.name} className="rounded border p-1" />
          <button type="submit" className="rounded bg-gray-900 px-3 py-1 text-white">
            {t('common.save')}
          </button>
          <button type="button" className="underline" onClick={() => setMode('show')}>
            {t('passkeys.keep')}
          </button>
        </form>
      )}
      {mode === 'confirm' && (
        <div role="group" aria-label={t('passkeys.confirmLabel')} className="flex flex-wrap items-center gap-2">
          <span>{t('passkeys.confirmRemove', { name: passkey.name })}</span>
          <button type="button" className="rounded bg-red-700 px-3 py-1 text-white" onClick={() => act(() => remove(passkey.id).unwrap())}>
            {t('passkeys.confirmButton')}
          </button>
          <button type="button" className="underline" onClick={() => setMode('show')}>
            {t('passkeys.keep')}
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="text-red-700">
          {error}
        </p>
      )}
    </li>
  );
}
