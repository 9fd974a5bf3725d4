import path from 'node:path';

/** The repository root (server/src/config → ../../..), whether run from src or a build. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const MIGRATIONS_DIR = path.join(REPO_ROOT, 'migrations');
export const SEEDERS_DIR = path.join(REPO_ROOT, 'seeders');
export const DEFAULT_DATA_DIR = path.join(REPO_ROOT, '.data');
