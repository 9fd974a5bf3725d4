import * as matchers from '@testing-library/jest-dom/matchers';
import { cleanup } from '@testing-library/react';
import { afterEach, expect, vi } from 'vitest';
import { FALLBACK_LANGUAGE, setLanguage } from './i18n';

// jest-dom's matchers registered by hand: its `/vitest` entry cannot see the workspace's vitest.
expect.extend(matchers);

// The socket is network too: no test opens a real connection. Tests stub HTTP with `stubApi`
// (src/test/stubApi.ts) and render with `renderWithProviders` (src/test/renderWithProviders.tsx).
vi.mock('./api/socket', () => ({
  getSocket: () => ({ on: vi.fn(), off: vi.fn(), emit: vi.fn() }),
  reconnectSocket: vi.fn(),
}));

afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  // The language and the remembered market are the app's state between tests too: back to the start.
  localStorage.clear();
  await setLanguage(FALLBACK_LANGUAGE);
  document.documentElement.lang = '';
});
