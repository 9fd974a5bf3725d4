import * as matchers from '@testing-library/jest-dom/matchers';
import { cleanup } from '@testing-library/react';
import { afterEach, expect } from 'vitest';

// jest-dom's matchers registered by hand: its `/vitest` entry cannot see the workspace's vitest.
expect.extend(matchers);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});
