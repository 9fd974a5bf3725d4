import { useSearchParams } from 'react-router';

/**
 * Filters, sort and page kept in the URL (shareable, survive reloads). Changing any filter goes
 * back to the first page.
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const get = (key: string) => params.get(key) ?? undefined;
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next);
  };
  return { get, set, page: Number(params.get('page') ?? 1) };
}
