import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type Request } from 'express';
import { marketForLanguage, offeredLanguages, type ProductDetail, type StoreMarket } from '@bazaar/shared';
import { escapeHtml } from '../../lib/html';
import type { CatalogService } from '../catalog';

/** JSON inside <script>: no `<` may close the tag early. */
const safeJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');
/** schema.org wants a decimal price; ours is integer minor units, formatted only here. */
const decimal = (amount: number) => `${Math.trunc(amount / 100)}.${String(Math.abs(amount) % 100).padStart(2, '0')}`;
const AVAILABILITY = {
  in_stock: 'https://schema.org/InStock',
  low_stock: 'https://schema.org/LimitedAvailability',
  out_of_stock: 'https://schema.org/OutOfStock',
} as const;

interface Meta {
  title: string;
  description: string;
  canonical: string;
  image?: string;
  type: 'website' | 'product';
  jsonLd?: unknown;
  /** The page's language (`<html lang>`). */
  lang: string;
  /** The same page in each language (`hreflang` → URL), `x-default` included. */
  alternates: [string, string][];
}

/** A page's address in a language (`/p/lamp?lang=de`); the plain address is the shop's own (`x-default`). */
const inLanguage = (url: string, lang?: string) => (lang ? `${url}?lang=${encodeURIComponent(lang)}` : url);

/** The alternates of a page: one per language some market offers, and `x-default`; none when the shop speaks one language. */
function alternatesOf(url: string, languages: string[]): [string, string][] {
  if (languages.length < 2) return [];
  return [...languages.map((l): [string, string] => [l, inLanguage(url, l)]), ['x-default', url]];
}

function renderHead(meta: Meta): string {
  return [
    `<link rel="canonical" href="${escapeHtml(meta.canonical)}">`,
    ...meta.alternates.map(([lang, href]) => `<link rel="alternate" hreflang="${escapeHtml(lang)}" href="${escapeHtml(href)}">`),
    `<meta property="og:type" content="${meta.type}">`,
    `<meta property="og:title" content="${escapeHtml(meta.title)}">`,
    `<meta property="og:description" content="${escapeHtml(meta.description)}">`,
    `<meta property="og:url" content="${escapeHtml(meta.canonical)}">`,
    ...(meta.image ? [`<meta property="og:image" content="${escapeHtml(meta.image)}">`] : []),
    ...(meta.jsonLd ? [`<script type="application/ld+json">${safeJson(meta.jsonLd)}</script>`] : []),
  ].join('\n    ');
}

export function productJsonLd(p: ProductDetail, url: string, absolute: (u: string) => string) {
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: p.title,
    description: p.seo.description,
    sku: p.variants[0]?.sku,
    brand: p.brand ? { '@type': 'Brand', name: p.brand } : undefined,
    image: p.images.map((i) => absolute(i.url)),
    url,
    offers: p.variants.map((v) => ({
      '@type': 'Offer',
      sku: v.sku,
      price: decimal(v.price.amount),
      priceCurrency: v.price.currency,
      availability: AVAILABILITY[v.availability],
      url,
    })),
    ...(p.rating.count
      ? { aggregateRating: { '@type': 'AggregateRating', ratingValue: p.rating.average, reviewCount: p.rating.count } }
      : {}),
  };
}

/**
 * Serves the built storefront. Product and category pages get their title, description,
 * canonical URL, Open Graph tags, `hreflang` alternates and (products) schema.org JSON-LD in the
 * HTML itself, so crawlers and link previews see them without running JavaScript; `?lang=de` gives
 * the page in that language (in a market that offers it, as the storefront shows it). Also
 * /sitemap.xml (with each page's language alternates) and /robots.txt.
 */
export function storefrontRouter(opts: {
  clientDir: string;
  publicUrl?: string;
  catalog: CatalogService;
  /** The markets on sale: which languages the shop speaks, and where each is shown. */
  markets: () => Promise<StoreMarket[]>;
}): Router | undefined {
  const indexFile = path.join(opts.clientDir, 'index.html');
  if (!fs.existsSync(indexFile)) return undefined;
  const template = fs.readFileSync(indexFile, 'utf8');
  const router = Router();
  const origin = (req: Request) => (opts.publicUrl ?? `${req.protocol}://${req.get('host')}`).replace(/\/$/, '');

  const page = (meta: Meta) =>
    template
      .replace(/<html\b[^>]*>/, `<html lang="${escapeHtml(meta.lang)}">`)
      .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(meta.title)}</title>`)
      .replace(/<meta name="description" content="[^"]*" \/>/, `<meta name="description" content="${escapeHtml(meta.description)}" />`)
      .replace('<!--bazaar:seo-->', renderHead(meta));

  router.get('/robots.txt', (req, res) => {
    res
      .type('text/plain')
      .send(
        [
          'User-agent: *',
          'Disallow: /cart',
          'Disallow: /checkout',
          'Disallow: /account',
          'Disallow: /orders/',
          'Disallow: /api/',
          `Sitemap: ${origin(req)}/sitemap.xml`,
          '',
        ].join('\n'),
      );
  });

  /**
   * The language a request asks for (`?lang=`) when some market offers it, the catalog query that
   * shows the page in it (the market it is shown in, as the storefront would pick it for a shopper
   * who has not chosen), and every language offered.
   */
  const localeOf = async (req: Request) => {
    const markets = await opts.markets();
    const languages = offeredLanguages(markets);
    const home = markets.find((m) => m.isDefault);
    const asked = typeof req.query.lang === 'string' && languages.includes(req.query.lang) ? req.query.lang : undefined;
    const market = asked ? marketForLanguage(markets, asked) : undefined;
    const lang = asked ?? home?.defaultLanguage ?? languages[0] ?? 'en';
    const where = asked && market ? { lang: asked, ...(market.isDefault ? {} : { market: market.code }) } : undefined;
    return { languages, asked, lang, where };
  };

  router.get('/sitemap.xml', async (req, res) => {
    const base = origin(req);
    const [{ products, categories }, markets] = await Promise.all([opts.catalog.sitemap(), opts.markets()]);
    const languages = offeredLanguages(markets);
    const url = (loc: string, lastmod?: Date) =>
      `<url><loc>${escapeHtml(loc)}</loc>${lastmod ? `<lastmod>${new Date(lastmod).toISOString()}</lastmod>` : ''}${alternatesOf(
        loc,
        languages,
      )
        .map(([lang, href]) => `<xhtml:link rel="alternate" hreflang="${escapeHtml(lang)}" href="${escapeHtml(href)}"/>`)
        .join('')}</url>`;
    res
      .type('application/xml')
      .send(
        `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${[
          url(`${base}/`),
          ...categories.map((c) => url(`${base}/c/${c.slug}`)),
          ...products.map((p) => url(`${base}/p/${p.slug}`, p.updatedAt)),
        ].join('\n')}\n</urlset>\n`,
      );
  });

  router.get('/p/:slug', async (req, res, next) => {
    const { languages, asked, lang, where } = await localeOf(req);
    const product = await opts.catalog.productDetail(String(req.params.slug), undefined, where).catch(() => undefined);
    if (!product) return next();
    const base = origin(req);
    const url = `${base}/p/${product.slug}`;
    // Each language's page is its own canonical (the alternates tie them together).
    const canonical = inLanguage(url, asked);
    const absolute = (u: string) => (u.startsWith('http') ? u : `${base}${u}`);
    res.type('html').send(
      page({
        title: `${product.seo.title} | Bazaar`,
        description: product.seo.description,
        canonical,
        image: product.images[0] ? absolute(product.images[0].url) : undefined,
        type: 'product',
        jsonLd: productJsonLd(product, canonical, absolute),
        lang,
        alternates: alternatesOf(url, languages),
      }),
    );
  });

  router.get('/c/:slug', async (req, res, next) => {
    const { languages, asked, lang, where } = await localeOf(req);
    const category = await opts.catalog.category(String(req.params.slug), where).catch(() => undefined);
    if (!category) return next();
    const url = `${origin(req)}/c/${category.slug}`;
    res.type('html').send(
      page({
        title: `${category.name} | Bazaar`,
        description: category.description ?? `Shop ${category.name} at Bazaar.`,
        canonical: inLanguage(url, asked),
        type: 'website',
        lang,
        alternates: alternatesOf(url, languages),
      }),
    );
  });

  router.use(
    express.static(opts.clientDir, {
      index: false,
      // A directory's redirect to `path/` copies the request path into Location: `/\evil.example/%2e%2e`
      // resolves to the root directory and became `Location: /\evil.example/%2e%2e/`, which browsers
      // read as another site. With no index files there is nothing to redirect to anyway.
      redirect: false,
      maxAge: '1h',
      setHeaders: (res, file) => {
        // Hashed assets never change; the service worker and its loader must always be revalidated.
        if (file.includes(`${path.sep}assets${path.sep}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        else if (/(^|[\\/])(sw\.js|registerSW\.js|manifest\.webmanifest)$/.test(file)) res.setHeader('Cache-Control', 'no-cache');
      },
    }),
  );
  // Every other storefront route is the app shell.
  router.get(/^\/(?!api\/|uploads\/|socket\.io\/).*/, (req, res, next) => (req.accepts('html') ? res.type('html').send(template) : next()));
  return router;
}
