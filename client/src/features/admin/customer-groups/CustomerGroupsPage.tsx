import { PriceListInput, PriceListPrices, currencyDigits, type CustomerGroup, type PriceList, type PriceListPrice } from '@bazaar/shared';
import { useState } from 'react';
import { parseMoneyInput, toMoneyInput } from '../../../components/format';
import { DataTable, Dialog, Field, PageHeader, useAction } from '../ui';
import {
  useAddGroupMemberMutation,
  useCreateCustomerGroupMutation,
  useCustomerGroupsQuery,
  useDeleteCustomerGroupMutation,
  useDeletePriceListMutation,
  useGroupMembersQuery,
  usePriceListPricesQuery,
  usePriceListsQuery,
  useRemoveGroupMemberMutation,
  useSavePriceListMutation,
  useSetPriceListPricesMutation,
} from './customer-groups.api';

/** Explicit prices typed one per line as "<variant id> <currency> <amount>", amounts as decimals. */
export function parsePriceLines(text: string): { items?: PriceListPrice[]; error?: string } {
  const items: PriceListPrice[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const [variantId = '', currency = '', amount = ''] = line.split(/\s+/);
    const code = currency.toUpperCase();
    const minor = /^[A-Z]{3}$/.test(code) ? parseMoneyInput(amount, currencyDigits(code)) : undefined;
    if (minor === undefined) return { error: `Line ${i + 1}: write “<variant id> <currency> <amount>”, e.g. “… EUR 12.50”` };
    items.push({ variantId, currency: code, amount: minor });
  }
  const parsed = PriceListPrices.safeParse({ items });
  return parsed.success ? { items: parsed.data.items } : { error: parsed.error.issues[0]?.message };
}

export const formatPriceLines = (items: PriceListPrice[]) =>
  items.map((p) => `${p.variantId} ${p.currency} ${toMoneyInput(p.amount, currencyDigits(p.currency))}`).join('\n');

/** Customer groups (wholesale, staff, VIP…), who is in them, and the price lists their members pay. */
export default function CustomerGroupsPage() {
  const { data: groups = [] } = useCustomerGroupsQuery();
  const { data: lists = [] } = usePriceListsQuery();
  const [createGroup] = useCreateCustomerGroupMutation();
  const [deleteGroup] = useDeleteCustomerGroupMutation();
  const [deleteList] = useDeletePriceListMutation();
  const [name, setName] = useState('');
  const [membersOf, setMembersOf] = useState<CustomerGroup>();
  const [editing, setEditing] = useState<{ list?: PriceList }>();
  const [pricesOf, setPricesOf] = useState<PriceList>();
  const act = useAction();
  const groupName = (id: string) => groups.find((g) => g.id === id)?.name ?? '—';

  return (
    <>
      <PageHeader title="Customer groups and price lists" />
      <form
        className="mb-3 flex gap-2"
        onSubmit={async (e) => {
          e.preventDefault();
          if (name.trim() && (await act(() => createGroup({ name: name.trim() }).unwrap(), 'Group created'))) setName('');
        }}
      >
        <label className="sr-only" htmlFor="new-group">
          New group
        </label>
        <input
          id="new-group"
          className="input"
          placeholder="New group, e.g. Wholesale"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="btn-primary">
          Add group
        </button>
      </form>
      <DataTable
        caption="Customer groups"
        rows={groups}
        rowKey={(g) => g.id}
        empty="No groups yet."
        columns={[
          { header: 'Group', cell: (g) => <span className="font-medium">{g.name}</span> },
          { header: 'Members', cell: (g) => g.memberCount },
          {
            header: 'Actions',
            cell: (g) => (
              <div className="flex gap-2">
                <button type="button" className="btn" onClick={() => setMembersOf(g)}>
                  Members
                </button>
                <button
                  type="button"
                  className="btn"
                  onClick={() =>
                    window.confirm(`Delete ${g.name} and its price lists?`) && act(() => deleteGroup(g.id).unwrap(), 'Deleted')
                  }
                >
                  Delete
                </button>
              </div>
            ),
          },
        ]}
      />
      <div className="mb-3 mt-8 flex items-center">
        <h2 className="text-xl font-semibold">Price lists</h2>
        <button type="button" className="btn-primary ml-auto" disabled={!groups.length} onClick={() => setEditing({})}>
          New price list
        </button>
      </div>
      <p className="mb-2 text-sm text-gray-600">
        A member pays the lowest price that applies to them: the market price, or a list&apos;s explicit price for the variant in that
        currency, else its percent off. The market price then shows as the compare-at price.
      </p>
      <DataTable
        caption="Price lists"
        rows={lists}
        rowKey={(l) => l.id}
        empty="No price lists yet."
        columns={[
          { header: 'Price list', cell: (l) => <span className="font-medium">{l.name}</span> },
          { header: 'Group', cell: (l) => groupName(l.groupId) },
          {
            header: 'Gives',
            cell: (l) =>
              `${l.percentOff !== null ? `${l.percentOff}% off` : 'no percent'} · ${l.priceCount} explicit price${l.priceCount === 1 ? '' : 's'}${l.market ? ` · ${l.market} only` : ''}${l.active ? '' : ' · inactive'}`,
          },
          {
            header: 'Actions',
            cell: (l) => (
              <div className="flex gap-2">
                <button type="button" className="btn" onClick={() => setEditing({ list: l })}>
                  Edit
                </button>
                <button type="button" className="btn" onClick={() => setPricesOf(l)}>
                  Prices
                </button>
                <button
                  type="button"
                  className="btn"
                  onClick={() => window.confirm(`Delete ${l.name}?`) && act(() => deleteList(l.id).unwrap(), 'Deleted')}
                >
                  Delete
                </button>
              </div>
            ),
          },
        ]}
      />
      <Dialog open={!!membersOf} title={`Members of ${membersOf?.name ?? ''}`} onClose={() => setMembersOf(undefined)}>
        {membersOf && <Members group={membersOf} />}
      </Dialog>
      <Dialog open={!!editing} title={editing?.list ? 'Edit price list' : 'New price list'} onClose={() => setEditing(undefined)}>
        {editing && <PriceListForm list={editing.list} groups={groups} onDone={() => setEditing(undefined)} />}
      </Dialog>
      <Dialog open={!!pricesOf} title={`Prices of ${pricesOf?.name ?? ''}`} onClose={() => setPricesOf(undefined)}>
        {pricesOf && <Prices list={pricesOf} onDone={() => setPricesOf(undefined)} />}
      </Dialog>
    </>
  );
}

function Members({ group }: { group: CustomerGroup }) {
  const { data: members = [] } = useGroupMembersQuery(group.id);
  const [add] = useAddGroupMemberMutation();
  const [remove] = useRemoveGroupMemberMutation();
  const [email, setEmail] = useState('');
  const act = useAction();
  return (
    <div className="grid gap-3">
      <form
        className="flex gap-2"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await act(() => add({ id: group.id, body: { email: email.trim() } }).unwrap(), 'Added')) setEmail('');
        }}
      >
        <Field label="Customer's e-mail">
          <input className="input" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <button type="submit" className="btn-primary self-end">
          Add
        </button>
      </form>
      <ul aria-label="Members" className="divide-y rounded border text-sm">
        {members.map((m) => (
          <li key={m.userId} className="flex items-center justify-between px-2 py-1">
            <span>
              {m.name} · {m.email}
            </span>
            <button type="button" className="btn" onClick={() => act(() => remove({ id: group.id, userId: m.userId }).unwrap(), 'Removed')}>
              Remove
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function PriceListForm({ list, groups, onDone }: { list?: PriceList; groups: CustomerGroup[]; onDone: () => void }) {
  const [draft, setDraft] = useState({
    name: list?.name ?? '',
    groupId: list?.groupId ?? groups[0]?.id ?? '',
    market: list?.market ?? '',
    percentOff: list?.percentOff === null || list?.percentOff === undefined ? '' : String(list.percentOff),
    active: list?.active ?? true,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [save] = useSavePriceListMutation();
  const act = useAction();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const body = {
      name: draft.name,
      groupId: draft.groupId,
      market: draft.market.trim() || null,
      percentOff: draft.percentOff.trim() ? Number(draft.percentOff) : null,
      active: draft.active,
    };
    const parsed = PriceListInput.safeParse(body);
    if (!parsed.success) return setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? ''), i.message])));
    setErrors({});
    if (await act(() => save({ id: list?.id, body: parsed.data }).unwrap(), 'Saved')) onDone();
  };
  return (
    <form onSubmit={submit} noValidate className="grid grid-cols-2 gap-3">
      <Field label="Name" error={errors.name}>
        <input className="input" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
      </Field>
      <Field label="Group" error={errors.groupId}>
        <select className="input" value={draft.groupId} onChange={(e) => setDraft({ ...draft, groupId: e.target.value })}>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Market" error={errors.market} hint="Empty: every market">
        <input className="input" value={draft.market} onChange={(e) => setDraft({ ...draft, market: e.target.value })} />
      </Field>
      <Field label="Percent off" error={errors.percentOff} hint="For variants without an explicit price">
        <input className="input" value={draft.percentOff} onChange={(e) => setDraft({ ...draft, percentOff: e.target.value })} />
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={draft.active} onChange={(e) => setDraft({ ...draft, active: e.target.checked })} /> Active
      </label>
      <div className="col-span-2 flex justify-end gap-2">
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="btn-primary">
          Save
        </button>
      </div>
    </form>
  );
}

function Prices({ list, onDone }: { list: PriceList; onDone: () => void }) {
  const { data } = usePriceListPricesQuery(list.id);
  const [text, setText] = useState<string>();
  const [error, setError] = useState<string>();
  const [save] = useSetPriceListPricesMutation();
  const act = useAction();
  const value = text ?? (data ? formatPriceLines(data) : '');
  return (
    <form
      className="grid gap-2"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const parsed = parsePriceLines(value);
        if (!parsed.items) return setError(parsed.error);
        setError(undefined);
        if (await act(() => save({ id: list.id, items: parsed.items! }).unwrap(), 'Prices saved')) onDone();
      }}
    >
      <Field label="Explicit prices" error={error} hint="One per line: <variant id> <currency> <amount>">
        <textarea className="input font-mono" rows={8} value={value} onChange={(e) => setText(e.target.value)} />
      </Field>
      <button type="submit" className="btn-primary justify-self-end">
        Save prices
      </button>
    </form>
  );
}
