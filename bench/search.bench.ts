/**
 * Search and suggest throughput on the demo catalog (MariaDB engine), 50 connections.
 * Run: `npx tsx bench/search.bench.ts` (BENCH_SECONDS, BENCH_DATABASE_URL). Results go to bench/results/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { run, startShop } from './harness';

async function main() {
  const shop = await startShop();
  try {
    // Warm the caches once, as a running shop would be.
    await fetch(`${shop.url}/api/v1/search?q=head`);
    const results = [
      await run('search q=head (cached)', { url: `${shop.url}/api/v1/search?q=head` }),
      await run('search, varied queries', {
        url: shop.url,
        requests: ['lamp', 'steel', 'cotton', 'head', 'wooden', 'soft', 'bamboo', 'lens'].map((q, i) => ({ method: 'GET' as const, path: `/api/v1/search?q=${q}&page=${(i % 3) + 1}` })),
      }),
      await run('suggest q=hea', { url: `${shop.url}/api/v1/search/suggest?q=hea` }),
    ];
    const file = path.join(__dirname, 'results', `search-${new Date().toISOString().slice(0, 10)}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), engine: shop.container.search.engine.name, results }, null, 2)}\n`);
    process.stdout.write(`written ${file}\n`);
  } finally {
    await shop.stop();
  }
}
void main();
