import { Link as RouterLink, NavLink as RouterNavLink, useSearchParams, type LinkProps, type NavLinkProps, type To } from 'react-router';

/**
 * A storefront path with the language shown (`/p/lamp` → `/p/lamp?lang=de`), so links inside the
 * shop keep it and a copied link opens in the same language. A path that names its own language,
 * or one outside the shop (`https://…`, `#…`), is left as it is.
 */
export function withLangParam(to: To, lang: string | null | undefined): To {
  if (!lang) return to;
  const add = (search: string) => {
    if (new URLSearchParams(search).has('lang')) return search;
    return `${search ? `${search}&` : '?'}lang=${encodeURIComponent(lang)}`;
  };
  if (typeof to !== 'string') return { ...to, search: add(to.search ?? '') };
  if (!to.startsWith('/') || to.startsWith('//')) return to;
  const hashAt = to.indexOf('#');
  const [beforeHash, hash] = hashAt < 0 ? [to, ''] : [to.slice(0, hashAt), to.slice(hashAt)];
  const queryAt = beforeHash.indexOf('?');
  const [path, search] = queryAt < 0 ? [beforeHash, ''] : [beforeHash.slice(0, queryAt), beforeHash.slice(queryAt)];
  return `${path}${add(search)}${hash}`;
}

/** The language the address names now (the layout keeps it there). */
const useLangParam = () => useSearchParams()[0].get('lang');

/** react-router's Link, keeping the language in the address. */
export function Link({ to, ...props }: LinkProps) {
  return <RouterLink to={withLangParam(to, useLangParam())} {...props} />;
}

/** react-router's NavLink, keeping the language in the address. */
export function NavLink({ to, ...props }: NavLinkProps) {
  return <RouterNavLink to={withLangParam(to, useLangParam())} {...props} />;
}
