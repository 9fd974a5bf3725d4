import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { Provider } from 'react-redux';
import { RouterProvider } from 'react-router';
import { makeStore } from './app/store';
import { router } from './app/router';
import { SHOPPER_COUNTRY } from './features/markets/locale';
import { marketsApi } from './features/markets/markets.api';
import { i18n, setLanguage } from './i18n';
import { connectOfflineSync } from './pwa/offline-sync';
import './styles.css';

const store = makeStore();
connectOfflineSync(store);
// The markets decide every catalog read's prices: asked for while the page's code loads.
void store.dispatch(marketsApi.endpoints.markets.initiate(SHOPPER_COUNTRY));
// The first paint in the language asked for (the layout settles it once the markets are known).
const firstLanguage = new URLSearchParams(window.location.search).get('lang') ?? store.getState().locale.lang;
if (firstLanguage) void setLanguage(firstLanguage);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <Provider store={store}>
        <RouterProvider router={router} />
      </Provider>
    </I18nextProvider>
  </StrictMode>,
);
