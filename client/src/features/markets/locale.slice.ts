import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

/** The shopper's own choice of market and language (unset: not chosen yet, the shop suggests one). */
export interface LocaleChoice {
  market?: string;
  lang?: string;
}

export const LOCALE_STORAGE_KEY = 'bazaar.locale';
const storage = () => {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // storage disabled: the choice lasts as long as the page
  }
};

/** The choice remembered from an earlier visit (localStorage), checked, as nothing in storage can be trusted. */
export function rememberedChoice(): LocaleChoice {
  try {
    const saved: unknown = JSON.parse(storage()?.getItem(LOCALE_STORAGE_KEY) ?? '{}');
    const pick = (key: 'market' | 'lang') => {
      const value = (saved as Record<string, unknown> | null)?.[key];
      return typeof value === 'string' && /^[A-Za-z0-9-]{2,32}$/.test(value) ? value : undefined;
    };
    return { market: pick('market'), lang: pick('lang') };
  } catch {
    return {};
  }
}

export function rememberChoice(choice: LocaleChoice): void {
  try {
    storage()?.setItem(LOCALE_STORAGE_KEY, JSON.stringify(choice));
  } catch {
    /* full or disabled: remembered for this page only */
  }
}

export const localeSlice = createSlice({
  name: 'locale',
  // Lazy: each store (each test) reads storage when it is made.
  initialState: (): LocaleChoice => rememberedChoice(),
  reducers: {
    marketChosen: (state, action: PayloadAction<string>) => {
      state.market = action.payload;
    },
    languageChosen: (state, action: PayloadAction<string>) => {
      state.lang = action.payload;
    },
    /** Another tab of the shop changed the remembered choice. */
    choiceRestored: (_state, action: PayloadAction<LocaleChoice>) => action.payload,
  },
});
export const { marketChosen, languageChosen, choiceRestored } = localeSlice.actions;

interface LocaleStore {
  getState: () => { locale: LocaleChoice };
  subscribe: (listener: () => void) => () => void;
  dispatch: (action: ReturnType<typeof choiceRestored>) => unknown;
}

/** Keeps the choice in localStorage, and in step with the shop's other tabs (which share it). */
export function persistLocale(store: LocaleStore): void {
  let last = store.getState().locale;
  store.subscribe(() => {
    const now = store.getState().locale;
    if (now === last) return;
    last = now;
    rememberChoice(now);
  });
  globalThis.addEventListener?.('storage', (e: StorageEvent) => {
    if (e.key !== LOCALE_STORAGE_KEY) return;
    last = rememberedChoice();
    store.dispatch(choiceRestored(last));
  });
}
