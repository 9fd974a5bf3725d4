import { useSearchParams } from 'react-router';

/**
 * Filters, sort and page kept in the URL (shareable, survive reloads). Changing any filter goes
 * back to the first page.
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const get = (key: string) => params.get(key) ?? undefined;
  const setAll = (values: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(values)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in values)) next.delete('page');
    setParams(next);
  };
  const set = (key: string, value: string | undefined) => setAll({ [key]: value });
  return { get, set, setAll, page: Number(params.get('page') ?? 1) };
}
