/**
 * Where a `.cpuprofile` (from `BENCH_CPU_PROF=1 npm run load:test`) spent its time: self time by
 * function and by package, and total (inclusive) time of the project's own functions.
 * Run: `npx tsx bench/profile-summary.ts .data/bench/profiles/<file>.cpuprofile [top] [skip-seconds]`
 * (skip the first seconds to leave start-up out).
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg, skipArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [top] [skip-seconds]');
const top = Number(topArg ?? 25);
const skipUs = Number(skipArg ?? 0) * 1e6;
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const self = new Map<number, number>();
let elapsed = 0;
profile.samples.forEach((id, i) => {
  elapsed += profile.timeDeltas[i] ?? 0;
  if (elapsed >= skipUs) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);

const where = (n: ProfileNode) => {
  const url = n.callFrame.url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.includes('/server/src/')) return `bazaar:${url.split('/server/src/')[1]}`;
  return url ? url.split('/').slice(-2).join('/') : `(${n.callFrame.functionName || 'native'})`;
};
const label = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${where(n)}:${n.callFrame.lineNumber + 1}`;

function table(title: string, entries: Map<string, number>) {
  process.stdout.write(`\n${title}\n`);
  for (const [k, v] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top))
    process.stdout.write(`${((v / total) * 100).toFixed(1).padStart(6)} %  ${k}\n`);
}

const selfByFunction = new Map<string, number>();
const selfByPackage = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, us] of self) {
  const node = byId.get(id)!;
  selfByFunction.set(label(node), (selfByFunction.get(label(node)) ?? 0) + us);
  const pkg = where(node).split(':')[0]!;
  selfByPackage.set(pkg, (selfByPackage.get(pkg) ?? 0) + us);
  // Inclusive time of our own frames: each sample counts once per distinct frame on its stack.
  const seen = new Set<string>();
  for (let n: ProfileNode | undefined = node; n; n = parent.has(n.id) ? byId.get(parent.get(n.id)!) : undefined) {
    if (n.callFrame.url.includes('/server/src/') && !seen.has(label(n))) {
      seen.add(label(n));
      inclusive.set(label(n), (inclusive.get(label(n)) ?? 0) + us);
    }
  }
}
process.stdout.write(`${file}: ${(total / 1e6).toFixed(1)} s sampled\n`);
table('self time by package', selfByPackage);
table('self time by function', selfByFunction);
table('inclusive time of Bazaar functions', inclusive);
