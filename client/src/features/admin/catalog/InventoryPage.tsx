import { StockReason, type InventoryRow } from '@bazaar/shared';
import { useState } from 'react';
import { Link } from 'react-router';
import { useUrlFilters } from '../../../components/useUrlFilters';
import { useAdjustStockMutation, useInventoryQuery, useLedgerQuery } from '../admin.api';
import { DataTable, Dialog, Field, formatDateTime, PageHeader, Pager, TextFilter, UrlPager, useAction } from '../ui';

export default function InventoryPage() {
  const f = useUrlFilters();
  const { data } = useInventoryQuery({ page: f.page, limit: 50, q: f.get('q'), low: f.get('low') });
  const [adjusting, setAdjusting] = useState<InventoryRow>();
  const [history, setHistory] = useState<InventoryRow>();
  return (
    <>
      <PageHeader title="Inventory" />
      <form role="search" aria-label="Filter stock" className="mb-4 flex flex-wrap items-end gap-4" onSubmit={(e) => e.preventDefault()}>
        <TextFilter f={f} name="q" label="SKU or product" className="w-64" />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={f.get('low') === 'true'} onChange={(e) => f.set('low', e.target.checked ? 'true' : undefined)} />
          Low stock only
        </label>
      </form>
      <DataTable
        caption="Stock per variant; low stock highlighted"
        rows={data?.items ?? []}
        rowKey={(r) => r.variantId}
        highlight={(r) => r.low}
        empty={data ? 'No variants match.' : 'Loading…'}
        columns={[
          { header: 'SKU', cell: (r) => <code>{r.sku}</code> },
          {
            header: 'Product',
            cell: (r) => (
              <Link className="underline" to={`/admin/products/${r.productId}`}>
                {r.productTitle}
                {r.variantTitle && ` — ${r.variantTitle}`}
              </Link>
            ),
          },
          { header: 'On hand', cell: (r) => r.onHand, className: 'text-right' },
          { header: 'Reserved', cell: (r) => r.reserved, className: 'text-right' },
          {
            header: 'Available',
            cell: (r) => (
              <span className={r.low ? 'font-semibold text-amber-800' : ''}>
                {r.available}
                {r.low && <span className="sr-only"> (low)</span>}
              </span>
            ),
            className: 'text-right',
          },
          { header: 'Low at', cell: (r) => r.lowStockThreshold, className: 'text-right' },
          {
            header: 'Actions',
            cell: (r) => (
              <span className="flex gap-2">
                <button type="button" className="btn" onClick={() => setAdjusting(r)} aria-label={`Adjust stock of ${r.sku}`}>
                  Adjust
                </button>
                <button type="button" className="btn" onClick={() => setHistory(r)} aria-label={`Stock history of ${r.sku}`}>
                  History
                </button>
              </span>
            ),
          },
        ]}
      />
      <UrlPager f={f} list={data} />
      {adjusting && <AdjustDialog row={adjusting} onClose={() => setAdjusting(undefined)} />}
      {history && <LedgerDialog row={history} onClose={() => setHistory(undefined)} />}
    </>
  );
}

function AdjustDialog({ row, onClose }: { row: InventoryRow; onClose: () => void }) {
  const [delta, setDelta] = useState('');
  const [reason, setReason] = useState<StockReason>('restock');
  const [note, setNote] = useState('');
  const [adjust, { isLoading }] = useAdjustStockMutation();
  const act = useAction();
  const n = Number(delta);
  const valid = Number.isInteger(n) && n !== 0 && delta.trim() !== '';
  const after = row.onHand + (valid ? n : 0);
  return (
    <Dialog open title={`Adjust stock of ${row.sku}`} onClose={onClose}>
      <form
        className="space-y-3"
        onSubmit={async (e) => {
          e.preventDefault();
          if (
            valid &&
            (await act(
              () => adjust({ variantId: row.variantId, delta: n, reason, ...(note.trim() ? { note: note.trim() } : {}) }).unwrap(),
              `Stock of ${row.sku} is now ${after}`,
            ))
          )
            onClose();
        }}
      >
        <Field label="Change (+ received, − removed)" error={delta && !valid ? 'A whole number other than 0' : undefined}>
          <input className="input" inputMode="numeric" autoFocus value={delta} onChange={(e) => setDelta(e.target.value)} />
        </Field>
        <Field label="Reason">
          <select className="input" value={reason} onChange={(e) => setReason(e.target.value as StockReason)}>
            {StockReason.options.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </Field>
        <Field label="Note (kept in the ledger)">
          <input className="input" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
        <p className="text-sm">
          On hand {row.onHand} → <strong>{after}</strong> ({row.reserved} reserved for unpaid orders).
        </p>
        <div className="flex justify-end gap-2">
          <button type="button" className="btn" onClick={onClose}>
            Back
          </button>
          <button type="submit" className="btn-primary" disabled={!valid || isLoading}>
            Save adjustment
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function LedgerDialog({ row, onClose }: { row: InventoryRow; onClose: () => void }) {
  const [page, setPage] = useState(1);
  const { data } = useLedgerQuery({ variantId: row.variantId, page });
  return (
    <Dialog open title={`Stock history of ${row.sku}`} onClose={onClose}>
      <DataTable
        caption="Ledger, newest first"
        rows={data?.items ?? []}
        rowKey={(e) => e.id}
        columns={[
          { header: 'When', cell: (e) => formatDateTime(e.createdAt) },
          {
            header: 'Reason',
            cell: (e) => (
              <>
                {e.reason}
                {e.note && <span className="block text-xs text-gray-500">{e.note}</span>}
              </>
            ),
          },
          { header: 'Δ on hand', cell: (e) => (e.delta > 0 ? `+${e.delta}` : e.delta), className: 'text-right' },
          { header: 'Δ reserved', cell: (e) => (e.reservedDelta > 0 ? `+${e.reservedDelta}` : e.reservedDelta), className: 'text-right' },
          { header: 'On hand after', cell: (e) => e.onHandAfter, className: 'text-right' },
        ]}
      />
      {data && <Pager page={data.page} limit={data.limit} total={data.total} onPage={setPage} />}
      <div className="mt-3 flex justify-end">
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
