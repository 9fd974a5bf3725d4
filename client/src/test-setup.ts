import * as matchers from '@testing-library/jest-dom/matchers';
import { cleanup } from '@testing-library/react';
import { afterEach, expect, vi } from 'vitest';

// jest-dom's matchers registered by hand: its `/vitest` entry cannot see the workspace's vitest.
expect.extend(matchers);

// The socket is network too: no test opens a real connection. Tests stub HTTP with `stubApi`
// (src/test/stubApi.ts) and render with `renderWithProviders` (src/test/renderWithProviders.tsx).
vi.mock('./api/socket', () => ({
  getSocket: () => ({ on: vi.fn(), off: vi.fn(), emit: vi.fn() }),
  reconnectSocket: vi.fn(),
}));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});
