import { allJobs, type JobServices } from './index';
import { bindJobs, type JobContext, type JobDefinition } from './job.types';

const ctx = (services: unknown): JobContext => ({
  jobId: 1,
  attempt: 1,
  logger: { debug() {}, info() {}, warn() {}, error() {} },
  signal: new AbortController().signal,
  services,
});

describe('bindJobs', () => {
  it('runs each definition with the bound services, not the ones the worker passes', async () => {
    const seen: unknown[] = [];
    const family: JobDefinition<{ n: number }, { tag: string }>[] = [
      { name: 'x.one', schedule: '* * * * *', run: async (p, c) => void seen.push([p.n, c.services, c.jobId]) },
    ];
    const [bound] = bindJobs(family, { tag: 'mine' });
    expect(bound).toMatchObject({ name: 'x.one', schedule: '* * * * *' });
    await bound!.run({ n: 7 }, ctx({ everything: true }));
    expect(seen).toEqual([[7, { tag: 'mine' }, 1]]);
  });
});

describe('allJobs', () => {
  it('hands each family only its own services', async () => {
    const calls: string[] = [];
    const services = {
      email: { email: { send: async () => void calls.push('email') } },
      search: { search: { indexProduct: async (id: string) => void calls.push(`index ${id}`) } },
    } as unknown as JobServices;
    const jobs = new Map(allJobs(services).map((d) => [d.name, d]));
    await jobs.get('email.send')!.run({}, ctx(undefined));
    await jobs.get('search.index-product')!.run({ productId: 'p1' }, ctx(undefined));
    expect(calls).toEqual(['email', 'index p1']);
    // Names are unique: the worker keys handlers by name.
    expect(jobs.size).toBe(allJobs(services).length);
  });
});
