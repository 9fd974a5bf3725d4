import { useTranslation } from 'react-i18next';
import { Link } from '../../components/LocaleLink';
import { ProductGrid } from '../../components/ProductCard';
import { useCategoriesQuery, useProductsQuery } from './catalog.api';

export default function HomePage() {
  const { t } = useTranslation();
  const { data: categories = [] } = useCategoriesQuery();
  const { data: newest } = useProductsQuery({ sort: 'newest', limit: 8 });
  const { data: popular } = useProductsQuery({ sort: 'best_selling', limit: 8 });
  return (
    <div className="space-y-10">
      <section aria-labelledby="shop-by-category">
        <h1 id="shop-by-category" className="mb-4 text-2xl font-bold">
          {t('catalog.shopByCategory')}
        </h1>
        <ul className="grid grid-cols-1 gap-4 sm:grid-cols-3">
          {categories.map((c) => (
            <li key={c.id}>
              <Link to={`/c/${c.slug}`} className="block rounded-lg bg-gray-100 p-6 text-lg font-semibold hover:bg-gray-200">
                {c.name}
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="popular">
        <h2 id="popular" className="mb-4 text-xl font-semibold">
          {t('catalog.popular')}
        </h2>
        {popular && <ProductGrid products={popular.items} />}
      </section>
      <section aria-labelledby="new">
        <h2 id="new" className="mb-4 text-xl font-semibold">
          {t('catalog.newIn')}
        </h2>
        {newest && <ProductGrid products={newest.items} />}
      </section>
    </div>
  );
}
