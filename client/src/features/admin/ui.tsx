import type { Paginated, Permission } from '@bazaar/shared';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { toFriendlyError } from '../../api/errors';
import { useAppDispatch } from '../../app/hooks';
import type { useUrlFilters } from '../../components/useUrlFilters';
import { toast } from '../../app/ui.slice';
import { useMeQuery } from '../account/account.api';

/** What the signed-in staff member may do; the UI hides the rest (the API refuses it anyway). */
export function useCan() {
  const { data: me } = useMeQuery();
  const granted = new Set(me?.permissions ?? []);
  return (permission: Permission) => granted.has(permission);
}

/**
 * Runs a staff action and reports it: a success toast, or the server's message as an error toast.
 * Returns the result, or undefined when the action failed.
 */
export function useAction() {
  const dispatch = useAppDispatch();
  return async <T,>(run: () => Promise<T>, success?: string): Promise<T | undefined> => {
    try {
      const result = await run();
      if (success) dispatch(toast('success', success));
      return result;
    } catch (err) {
      dispatch(toast('error', toFriendlyError(err).message));
      return undefined;
    }
  };
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="mb-4 flex flex-wrap items-center gap-3">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <div className="ml-auto flex flex-wrap items-center gap-2">{children}</div>
    </div>
  );
}

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  className?: string;
}

/** A plain, scannable table; rows may be highlighted (low stock, flagged). */
export function DataTable<T>({
  rows,
  columns,
  rowKey,
  caption,
  highlight,
  empty = 'Nothing here.',
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string | number;
  caption: string;
  highlight?: (row: T) => boolean;
  empty?: string;
}) {
  return (
    <div className="overflow-x-auto rounded border">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-gray-50 text-xs uppercase text-gray-600">
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={`px-3 py-2 ${c.className ?? ''}`}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="px-3 py-6 text-center text-gray-500">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)} className={`border-t ${highlight?.(row) ? 'bg-amber-50' : ''}`}>
                {columns.map((c) => (
                  <td key={c.header} className={`px-3 py-2 align-top ${c.className ?? ''}`}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

export function Pager({ page, limit, total, onPage }: { page: number; limit: number; total: number; onPage: (page: number) => void }) {
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <nav aria-label="Pages" className="mt-3 flex items-center gap-3 text-sm">
      <button type="button" className="btn" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span>
        Page {page} of {pages} · {total} in all
      </span>
      <button type="button" className="btn" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}

/**
 * A modal dialog (native <dialog>: focus is trapped inside and returns to the opener, Escape
 * cancels). Used for every action that moves money or goods, saying what will happen.
 */
export function Dialog({ open, title, onClose, children }: { open: boolean; title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  // Several dialogs may sit on one page: each names itself by its own heading.
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal?.();
    if (!open && dialog.open) dialog.close?.();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={onClose}
      className="m-auto w-full max-w-lg rounded p-0 shadow-xl backdrop:bg-black/40"
    >
      {open && (
        <div className="p-5">
          <h2 id={titleId} className="mb-3 text-lg font-semibold">
            {title}
          </h2>
          {children}
        </div>
      )}
    </dialog>
  );
}

export function Field({ label, error, children, hint }: { label: string; error?: string; hint?: string; children: ReactNode }) {
  return (
    <label className="block text-sm">
      <span className="mb-1 block font-medium">{label}</span>
      {children}
      {hint && <span className="mt-0.5 block text-xs text-gray-500">{hint}</span>}
      {error && (
        <span role="alert" className="mt-0.5 block text-xs text-red-700">
          {error}
        </span>
      )}
    </label>
  );
}

const BADGE: Record<string, string> = {
  paid: 'bg-green-100 text-green-800',
  fulfilled: 'bg-blue-100 text-blue-800',
  delivered: 'bg-blue-100 text-blue-800',
  pending_payment: 'bg-amber-100 text-amber-800',
  pending: 'bg-amber-100 text-amber-800',
  requested: 'bg-amber-100 text-amber-800',
  approved: 'bg-blue-100 text-blue-800',
  received: 'bg-blue-100 text-blue-800',
  rejected: 'bg-gray-200 text-gray-700',
  flagged: 'bg-red-100 text-red-800',
  cancelled: 'bg-gray-200 text-gray-700',
  refunded: 'bg-purple-100 text-purple-800',
  partially_refunded: 'bg-purple-100 text-purple-800',
  dead: 'bg-red-100 text-red-800',
  failed: 'bg-red-100 text-red-800',
  active: 'bg-green-100 text-green-800',
  draft: 'bg-gray-200 text-gray-700',
};

export function Badge({ value }: { value: string }) {
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${BADGE[value] ?? 'bg-gray-100 text-gray-700'}`}>
      {value.replace(/_/g, ' ')}
    </span>
  );
}

/**
 * A date filter's day (YYYY-MM-DD, UTC) as the instants the API filters by: `from` is the day's
 * start, `to` the next day's start (the API's `to` is exclusive), so both days are included.
 */
export const dayBounds = (from?: string, to?: string) => ({
  from: from ? `${from}T00:00:00.000Z` : undefined,
  to: to ? new Date(Date.parse(`${to}T00:00:00.000Z`) + 86_400_000).toISOString() : undefined,
});

export const formatDateTime = (iso: string) => new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });

type UrlFilters = ReturnType<typeof useUrlFilters>;

/** A text filter kept in the URL; it applies on Enter or when the field is left. */
export function TextFilter({
  f,
  name,
  label,
  type = 'search',
  className,
}: {
  f: UrlFilters;
  name: string;
  label: string;
  type?: string;
  className?: string;
}) {
  const apply = (e: { currentTarget: HTMLInputElement }) => f.set(name, e.currentTarget.value.trim() || undefined);
  return (
    <Field label={label}>
      <input
        type={type}
        className={`input ${className ?? ''}`}
        defaultValue={f.get(name) ?? ''}
        onBlur={apply}
        onKeyDown={(e) => e.key === 'Enter' && apply(e)}
      />
    </Field>
  );
}

/** A choice kept in the URL; the empty choice (“Any”) removes the filter. */
export function SelectFilter({
  f,
  name,
  label,
  options,
  any = 'Any',
  fallback,
}: {
  f: UrlFilters;
  name: string;
  label: string;
  options: readonly string[] | Record<string, string>;
  any?: string | null;
  fallback?: string;
}) {
  const entries = Array.isArray(options) ? options.map((o) => [o, o.replace(/_/g, ' ')] as const) : Object.entries(options);
  return (
    <Field label={label}>
      <select className="input" value={f.get(name) ?? fallback ?? ''} onChange={(e) => f.set(name, e.target.value || undefined)}>
        {any !== null && <option value="">{any}</option>}
        {entries.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** The pager of a list whose page lives in the URL. */
export function UrlPager({ f, list }: { f: UrlFilters; list?: Omit<Paginated<unknown>, 'items'> }) {
  return list ? <Pager page={list.page} limit={list.limit} total={list.total} onPage={(p) => f.set('page', String(p))} /> : null;
}
