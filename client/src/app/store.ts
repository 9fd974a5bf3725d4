import { combineReducers, configureStore } from '@reduxjs/toolkit';
import { setupListeners } from '@reduxjs/toolkit/query';
import { api } from '../api/apiSlice';
import { tracker } from '../features/consent/analytics';
import { localeSlice, persistLocale } from '../features/markets/locale.slice';
import { uiSlice } from './ui.slice';

const rootReducer = combineReducers({ [api.reducerPath]: api.reducer, ui: uiSlice.reducer, locale: localeSlice.reducer });
export type RootState = ReturnType<typeof rootReducer>;

/** The store, from a preloaded state (tests build their own). */
export function makeStore(preloaded?: Partial<RootState>) {
  const store = configureStore({
    reducer: rootReducer,
    preloadedState: preloaded,
    middleware: (getDefault) => getDefault().concat(api.middleware, tracker.middleware),
  });
  setupListeners(store.dispatch);
  tracker.attach(store);
  persistLocale(store);
  return store;
}
export type AppStore = ReturnType<typeof makeStore>;
export type AppDispatch = AppStore['dispatch'];
