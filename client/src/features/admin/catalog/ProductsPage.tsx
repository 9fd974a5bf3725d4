import { formatMoney, ProductStatus, type ImportReport } from '@bazaar/shared';
import { useState } from 'react';
import { Link } from 'react-router';
import { useUrlFilters } from '../../../components/useUrlFilters';
import { useAdminProductsQuery, useImportProductsMutation } from '../admin.api';
import { Badge, DataTable, Field, formatDateTime, PageHeader, SelectFilter, TextFilter, UrlPager, useAction } from '../ui';

export default function ProductsPage() {
  const f = useUrlFilters();
  const { data } = useAdminProductsQuery({ page: f.page, limit: 25, q: f.get('q'), status: f.get('status') });
  return (
    <>
      <PageHeader title="Products">
        <a className="btn" href="/api/v1/admin/products/export" download>
          Export CSV
        </a>
        <Link className="btn-primary" to="/admin/products/new">
          New product
        </Link>
      </PageHeader>
      <CsvImport />
      <form
        role="search"
        aria-label="Filter products"
        className="mb-4 grid max-w-2xl grid-cols-2 gap-3"
        onSubmit={(e) => e.preventDefault()}
      >
        <TextFilter f={f} name="q" label="Search title, slug or SKU" />
        <SelectFilter f={f} name="status" label="Status" options={ProductStatus.options} />
      </form>
      <DataTable
        caption="Products"
        rows={data?.items ?? []}
        rowKey={(p) => p.id}
        empty={data ? 'No products match.' : 'Loading…'}
        columns={[
          {
            header: 'Product',
            cell: (p) => (
              <Link className="font-medium underline" to={`/admin/products/${p.id}`}>
                {p.title}
              </Link>
            ),
          },
          { header: 'Brand', cell: (p) => p.brand },
          { header: 'Status', cell: (p) => <Badge value={p.status} /> },
          { header: 'Variants', cell: (p) => p.variantCount, className: 'text-right' },
          { header: 'From', cell: (p) => formatMoney(p.minPrice), className: 'text-right' },
          { header: 'Stock', cell: (p) => (p.inStock ? 'In stock' : <span className="text-red-700">Out of stock</span>) },
          { header: 'Updated', cell: (p) => formatDateTime(p.updatedAt) },
        ]}
      />
      <UrlPager f={f} list={data} />
    </>
  );
}

/** Upload a CSV; rows that are wrong are listed by their line number, the others are applied. */
function CsvImport() {
  const [importCsv, { isLoading }] = useImportProductsMutation();
  const [report, setReport] = useState<ImportReport>();
  const act = useAction();
  return (
    <section aria-labelledby="csv-import" className="mb-6 rounded border p-3">
      <h2 id="csv-import" className="mb-2 font-medium">
        Import from CSV
      </h2>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={async (e) => {
          e.preventDefault();
          const file = (new FormData(e.currentTarget).get('file') as File | null) ?? undefined;
          if (!file || file.size === 0) return;
          setReport(await act(() => importCsv(file).unwrap()));
        }}
      >
        <Field label="CSV file (same columns as the export)">
          <input type="file" name="file" accept=".csv,text/csv" className="text-sm" />
        </Field>
        <button type="submit" className="btn" disabled={isLoading}>
          {isLoading ? 'Importing…' : 'Import'}
        </button>
      </form>
      {report && (
        <div className="mt-3 text-sm" data-testid="import-report">
          <p role="status">
            {report.created} created, {report.updated} updated, {report.unchanged} unchanged, {report.errors.length}{' '}
            {report.errors.length === 1 ? 'row' : 'rows'} with errors.
          </p>
          {report.errors.length > 0 && (
            <ul className="mt-2 list-disc pl-5 text-red-800">
              {report.errors.map((e) => (
                <li key={`${e.row}-${e.sku ?? ''}`}>
                  Row {e.row}
                  {e.sku ? ` (${e.sku})` : ''}: {e.messages.join('; ')}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
