import { render, type RenderOptions } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { Provider } from 'react-redux';
import { MemoryRouter, Route, Routes } from 'react-router';
import { setCsrfToken } from '../api/baseQuery';
import { makeStore, type AppStore } from '../app/store';
import { i18n } from '../i18n';

export { CSRF_TOKEN, reply, replyError, stubApi, type StubAnswer, type StubCall, type StubRoutes } from './stubApi';

export interface ProvidersOptions extends Omit<RenderOptions, 'wrapper'> {
  /** The URL the router starts at (default `/`). */
  route?: string;
  /** The route pattern `ui` is mounted at, so `useParams` works (e.g. `/admin/orders/:id`); default: rendered as is. */
  path?: string;
  /** Other routes to mount next to it (pattern → element), e.g. the page a form navigates to. */
  routes?: Record<string, ReactElement>;
  /** The store to use; default a fresh one from the app's own `makeStore`. */
  store?: AppStore;
}

/**
 * Renders `ui` the way the app does: the app's i18n (English unless a test changes it; reset after
 * each test), the real Redux store (a fresh one each time), a memory router at `route`, and a fresh
 * session (no CSRF token kept from an earlier test). The network is whatever
 * `stubApi` set up; the socket is stubbed for every test in test-setup.ts.
 */
export function renderWithProviders(
  ui: ReactElement,
  { route = '/', path, routes = {}, store = makeStore(), ...options }: ProvidersOptions = {},
) {
  setCsrfToken(undefined);
  const user = userEvent.setup();
  const extra = Object.entries(routes);
  const tree =
    path || extra.length ? (
      <Routes>
        <Route path={path ?? '*'} element={ui} />
        {extra.map(([pattern, element]) => (
          <Route key={pattern} path={pattern} element={element} />
        ))}
      </Routes>
    ) : (
      ui
    );
  const result = render(
    <I18nextProvider i18n={i18n}>
      <Provider store={store}>
        <MemoryRouter initialEntries={[route]}>{tree}</MemoryRouter>
      </Provider>
    </I18nextProvider>,
    options,
  );
  return { ...result, store, user };
}
