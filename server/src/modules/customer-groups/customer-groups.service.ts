import {
  DATE_WINDOW_ISSUE,
  dateWindowInOrder,
  type CustomerGroup,
  type CustomerGroupInput,
  type CustomerGroupUpdate,
  type GroupMember,
  type GroupMemberInput,
  type PriceList,
  type PriceListInput,
  type PriceListPrice,
  type PriceListUpdate,
} from '@bazaar/shared';
import type { Db } from '../../db/db';
import { iso } from '../../db/column-values';
import type { Clock } from '../../lib/clock';
import { notFound, validationFailed } from '../../lib/errors';
import { VersionedCache } from '../../lib/versioned-cache';
import { divRoundHalfUp } from '../pricing';
import type { CustomerGroupsRepository, PriceListRecord } from './customer-groups.repository';

/** A price as catalog and cart carry it, in the market's currency. */
export interface MarketPrice {
  variantId: string;
  amount: number;
  compareAtAmount: number | null;
}

/** Who can be added to a group: the accounts module's look-ups (the container wires them). */
export interface GroupAccounts {
  byEmail: (email: string) => Promise<{ id: string } | undefined>;
  exists: (userId: string) => Promise<boolean>;
}

const inWindow = (l: PriceListRecord, now: Date) => l.active && (!l.startsAt || l.startsAt <= now) && (!l.endsAt || l.endsAt > now);

/**
 * Customer groups and their price lists. The price a member sees and pays is the lowest of the
 * market price and every price list that applies to them now (their group, the market or every
 * market, the date window): the list's explicit price for the variant in the market's currency,
 * else its percent off the market price. When a list price is lower, the market price becomes the
 * compare-at price. Everything is cached per process and reloaded within two seconds of a change
 * in any process; no price list answer is ever kept for a shopper who is not in its group.
 */
export class CustomerGroupsService {
  private readonly cache: VersionedCache;

  constructor(
    private readonly db: Db,
    private readonly repo: CustomerGroupsRepository,
    private readonly accounts: GroupAccounts,
    private readonly clock: Clock,
  ) {
    this.cache = new VersionedCache(repo.version, { maxKeys: 200_000 });
  }

  /** The groups a shopper is in (for promotions and price lists). */
  groupsOf(userId: string): Promise<string[]> {
    return this.cache.getOrLoad(`member:${userId}`, () => this.repo.groupsOf(userId));
  }

  private allLists(): Promise<PriceListRecord[]> {
    return this.cache.getOrLoad('lists', () => this.repo.lists());
  }

  /** The price lists that apply to this shopper in this market now. */
  async listsFor(userId: string, market: string): Promise<PriceListRecord[]> {
    // A shop without price lists never asks who is in which group.
    const lists = await this.allLists();
    if (!lists.length) return [];
    const groups = await this.groupsOf(userId);
    if (!groups.length) return [];
    const now = this.clock.now();
    return lists.filter((l) => groups.includes(l.groupId) && (l.market === null || l.market === market) && inWindow(l, now));
  }

  /** Member prices for these items (undefined: none applies, the prices stand). */
  async memberPrices(userId: string, market: { code: string; currency: string }, items: MarketPrice[]): Promise<MarketPrice[] | undefined> {
    const lists = await this.listsFor(userId, market.code);
    if (!lists.length || !items.length) return undefined;
    const keys = lists.flatMap((l) => items.map((i) => `${l.id}:${market.currency}:${i.variantId}`));
    const explicit = await this.cache.getManyOrLoad<number | null>(
      keys,
      async (missing) => {
        const listIds = [...new Set(missing.map((k) => k.split(':')[0]!))];
        const variantIds = [...new Set(missing.map((k) => k.split(':')[2]!))];
        const found = await this.repo.explicitPrices(listIds, market.currency, variantIds);
        return new Map(
          missing.map((k) => {
            const [list, , variant] = k.split(':');
            return [k, found.get(`${list}:${variant}`) ?? null];
          }),
        );
      },
      null,
    );
    let changed = false;
    const priced = items.map((item) => {
      let best = item.amount;
      for (const l of lists) {
        const own = explicit.get(`${l.id}:${market.currency}:${item.variantId}`) ?? null;
        const candidate = own !== null ? own : l.percentOff !== null ? divRoundHalfUp(item.amount * (100 - l.percentOff), 100) : null;
        if (candidate !== null && candidate < best) best = candidate;
      }
      if (best >= item.amount) return item;
      changed = true;
      return { variantId: item.variantId, amount: best, compareAtAmount: Math.max(item.compareAtAmount ?? item.amount, item.amount) };
    });
    return changed ? priced : undefined;
  }

  // --- staff -----------------------------------------------------------------------------

  async groups(): Promise<CustomerGroup[]> {
    return (await this.repo.groups()).map((g) => ({ ...g, createdAt: g.createdAt.toISOString() }));
  }

  private async group(id: string): Promise<CustomerGroup> {
    const [group] = await this.repo.groups(id);
    if (!group) throw notFound('The customer group');
    return { ...group, createdAt: group.createdAt.toISOString() };
  }

  async createGroup(input: CustomerGroupInput): Promise<CustomerGroup> {
    return this.group(await this.cache.write(this.db, (tx) => this.repo.insertGroup(input, this.clock.now(), tx)));
  }

  async updateGroup(id: string, changes: CustomerGroupUpdate): Promise<CustomerGroup> {
    await this.group(id);
    await this.cache.write(this.db, (tx) => this.repo.updateGroup(id, changes, tx));
    return this.group(id);
  }

  /** Its members leave it and its price lists go with it. */
  async removeGroup(id: string): Promise<void> {
    await this.group(id);
    await this.cache.write(this.db, (tx) => this.repo.removeGroup(id, tx));
  }

  async members(id: string): Promise<GroupMember[]> {
    await this.group(id);
    return (await this.repo.members(id)).map((m) => ({
      userId: m.user_id,
      email: m.email,
      name: m.name,
      addedAt: new Date(m.created_at).toISOString(),
    }));
  }

  async addMember(id: string, input: GroupMemberInput): Promise<GroupMember[]> {
    await this.group(id);
    const userId = input.userId ?? (await this.accounts.byEmail(input.email!))?.id;
    if (!userId || (input.userId && !(await this.accounts.exists(input.userId))))
      throw validationFailed(
        [{ path: input.userId ? 'userId' : 'email', message: 'No account has this' }],
        'There is no such customer account.',
      );
    await this.cache.write(this.db, (tx) => this.repo.addMember(id, userId, this.clock.now(), tx));
    return this.members(id);
  }

  async removeMember(id: string, userId: string): Promise<void> {
    await this.group(id);
    const removed = await this.cache.write(this.db, (tx) => this.repo.removeMember(id, userId, tx));
    if (!removed) throw notFound('The member');
  }

  private toPriceList(l: PriceListRecord, counts: Map<string, number>): PriceList {
    return {
      id: l.id,
      name: l.name,
      groupId: l.groupId,
      market: l.market,
      percentOff: l.percentOff,
      active: l.active,
      startsAt: iso(l.startsAt),
      endsAt: iso(l.endsAt),
      priceCount: counts.get(l.id) ?? 0,
      createdAt: l.createdAt.toISOString(),
    };
  }

  async priceLists(): Promise<PriceList[]> {
    const [lists, counts] = await Promise.all([this.repo.lists(), this.repo.priceCounts()]);
    return lists.map((l) => this.toPriceList(l, counts));
  }

  private async priceList(id: string): Promise<PriceList> {
    const [list, counts] = await Promise.all([this.repo.list(id), this.repo.priceCounts(id)]);
    if (!list) throw notFound('The price list');
    return this.toPriceList(list, counts);
  }

  async createPriceList(input: PriceListInput): Promise<PriceList> {
    if (!(await this.repo.groupExists(input.groupId))) throw validationFailed([{ path: 'groupId', message: 'No such group' }]);
    return this.priceList(await this.cache.write(this.db, (tx) => this.repo.insertList(input, this.clock.now(), tx)));
  }

  async updatePriceList(id: string, changes: PriceListUpdate): Promise<PriceList> {
    const before = await this.priceList(id);
    // The schema judged the change alone; the window it leaves is judged here, with the stored half.
    if (!dateWindowInOrder({ ...before, ...changes }))
      throw validationFailed([{ path: DATE_WINDOW_ISSUE.path.join('.'), message: DATE_WINDOW_ISSUE.error }]);
    if (changes.groupId && !(await this.repo.groupExists(changes.groupId)))
      throw validationFailed([{ path: 'groupId', message: 'No such group' }]);
    await this.cache.write(this.db, (tx) => this.repo.updateList(id, changes, tx));
    return this.priceList(id);
  }

  async removePriceList(id: string): Promise<void> {
    await this.priceList(id);
    await this.cache.write(this.db, (tx) => this.repo.removeList(id, tx));
  }

  async prices(id: string): Promise<PriceListPrice[]> {
    await this.priceList(id);
    return this.repo.prices(id);
  }

  async setPrices(id: string, items: PriceListPrice[]): Promise<PriceListPrice[]> {
    await this.priceList(id);
    const seen = new Set<string>();
    for (const [i, p] of items.entries()) {
      const key = `${p.variantId}:${p.currency}`;
      if (seen.has(key)) throw validationFailed([{ path: `items.${i}`, message: 'The same variant and currency twice' }]);
      seen.add(key);
    }
    await this.cache.write(this.db, (tx) => this.repo.replacePrices(id, items, tx));
    return this.repo.prices(id);
  }
}
