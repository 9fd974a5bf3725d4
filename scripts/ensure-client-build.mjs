// `npm start` serves the storefront from client/dist; build it once when it is missing.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

if (!existsSync(new URL('../client/dist/index.html', import.meta.url))) {
  process.stdout.write('Building the storefront (first start)…\n');
  const result = spawnSync('npm', ['run', 'build', '-w', '@bazaar/client'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
