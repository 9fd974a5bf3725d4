import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useAppDispatch } from '../../app/hooks';
import { setCartOpen, toast, toastFor } from '../../app/ui.slice';
import { toFriendlyError } from '../../api/errors';
import { ProductGrid } from '../../components/ProductCard';
import { Link } from '../../components/LocaleLink';
import { useFormat } from '../../i18n/useFormat';
import { useAddToWishlistMutation, useMeQuery, useRemoveFromWishlistMutation, useWishlistQuery } from '../account/account.api';
import { useAddToCartMutation } from '../cart/cart.api';
import { useOpenCartInMarket } from '../markets/market-choice';
import { ReviewsSection } from '../reviews/ReviewsSection';
import { useProductQuery } from './catalog.api';
import { EMPTY_RECIPIENT, GiftCardFields, toRecipient, type RecipientDraft } from './GiftCardFields';

export default function ProductPage() {
  const { t } = useTranslation();
  const { money } = useFormat();
  const { slug = '' } = useParams();
  const { data: product, error, isLoading } = useProductQuery(slug);
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [imageIndex, setImageIndex] = useState(0);
  const [addToCart, { isLoading: adding }] = useAddToCartMutation();
  const openCartInMarket = useOpenCartInMarket();
  const [recipient, setRecipient] = useState<RecipientDraft>(EMPTY_RECIPIENT);
  const [recipientErrors, setRecipientErrors] = useState<Partial<Record<keyof RecipientDraft, string>>>({});
  const dispatch = useAppDispatch();

  const optionNames = useMemo(() => [...new Set((product?.variants ?? []).flatMap((v) => Object.keys(v.options)))], [product]);
  // Until the shopper picks, start from the first variant that can be bought.
  const initial = product?.variants.find((v) => v.availability !== 'out_of_stock') ?? product?.variants[0];
  const variant = product?.variants.find((v) => optionNames.every((n) => (chosen[n] ?? initial!.options[n]) === v.options[n])) ?? initial;

  if (isLoading) return <p>{t('common.loading')}</p>;
  if (error || !product) return <p role="alert">{t('product.unavailable')}</p>;
  const image = product.images[imageIndex];
  return (
    <article className="space-y-10">
      <div className="grid gap-8 md:grid-cols-2">
        <div>
          <div className="aspect-square overflow-hidden rounded bg-gray-100">
            {image && (
              <img
                src={image.sizes.find((s) => s.size === 'medium')?.url ?? image.url}
                srcSet={image.sizes.map((s) => `${s.url} ${s.width}w`).join(', ')}
                sizes="(min-width: 768px) 50vw, 100vw"
                // The page's largest paint: fetched before the thumbnails.
                fetchPriority="high"
                alt={image.alt || product.title}
                className="h-full w-full object-cover"
              />
            )}
          </div>
          {product.images.length > 1 && (
            <ul className="mt-2 flex gap-2" aria-label={t('product.morePictures')}>
              {product.images.map((img, i) => (
                <li key={img.id}>
                  <button
                    type="button"
                    onClick={() => setImageIndex(i)}
                    aria-label={t('product.picture', { number: i + 1 })}
                    aria-pressed={i === imageIndex}
                  >
                    <img src={img.sizes[0]?.url} alt="" loading="lazy" width={64} height={64} className="h-16 w-16 rounded object-cover" />
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="space-y-4">
          <nav aria-label={t('product.breadcrumbs')} className="text-xs text-gray-600">
            {product.categories.map((c) => c.name).join(' › ')}
          </nav>
          <h1 className="text-2xl font-bold">{product.title}</h1>
          <p className="text-sm text-gray-600">
            {product.brand} ·{' '}
            {product.rating.count
              ? t('product.rating', { average: product.rating.average.toFixed(1), count: product.rating.count })
              : t('product.noReviews')}
          </p>
          {product.chosenAmount ? (
            <p className="text-xl">
              {money(product.chosenAmount.min)} – {money(product.chosenAmount.max)}
            </p>
          ) : (
            variant && (
              <p className="text-xl">
                {money(variant.price)}
                {variant.compareAtPrice && <s className="ml-2 text-base text-gray-500">{money(variant.compareAtPrice)}</s>}
              </p>
            )
          )}
          {optionNames.map((name) => (
            <fieldset key={name}>
              <legend className="text-sm font-medium capitalize">{name}</legend>
              <div className="mt-1 flex flex-wrap gap-2">
                {[...new Set(product.variants.map((v) => v.options[name]).filter(Boolean))].map((value) => (
                  <label
                    key={value}
                    className={`cursor-pointer rounded border px-3 py-1 text-sm ${variant?.options[name] === value ? 'border-gray-900 bg-gray-900 text-white' : ''}`}
                  >
                    <input
                      type="radio"
                      name={name}
                      value={value}
                      className="sr-only"
                      checked={variant?.options[name] === value}
                      onChange={() => setChosen((c) => ({ ...c, [name]: value! }))}
                    />
                    {value}
                  </label>
                ))}
              </div>
            </fieldset>
          ))}
          {variant && (
            <p className={variant.availability === 'out_of_stock' ? 'text-red-700' : 'text-green-700'} data-testid="availability">
              {t(`catalog.availability.${variant.availability}`)}
            </p>
          )}
          {product.finalSale && <p className="text-sm font-medium text-amber-800">{t('catalog.finalSale')}</p>}
          {product.giftCard && (
            <GiftCardFields value={recipient} errors={recipientErrors} onChange={setRecipient} range={product.chosenAmount} />
          )}
          <button
            type="button"
            disabled={!variant || variant.availability === 'out_of_stock' || adding}
            className="rounded bg-gray-900 px-6 py-3 text-white disabled:opacity-40"
            onClick={async () => {
              if (!variant) return;
              // A gift card needs its recipient before it goes in the cart.
              const giftCard = product.giftCard ? toRecipient(recipient, new Date(), product.chosenAmount) : undefined;
              if (giftCard && !giftCard.ok) return setRecipientErrors(giftCard.errors);
              setRecipientErrors({});
              try {
                await openCartInMarket();
                await addToCart({ variantId: variant.id, quantity: 1, ...(giftCard?.ok ? { giftCard: giftCard.recipient } : {}) }).unwrap();
                dispatch(toast('success', t('product.added', { title: product.title })));
                dispatch(setCartOpen(true));
                if (giftCard) setRecipient(EMPTY_RECIPIENT);
              } catch (err) {
                // The server's word on a field (a day no longer allowed, say) shows at the field.
                const fields = Object.entries(toFriendlyError(err).fields).filter(([path]) => path.startsWith('giftCard.'));
                if (fields.length)
                  setRecipientErrors(Object.fromEntries(fields.map(([path, message]) => [path.slice('giftCard.'.length), message])));
                else dispatch(toastFor(err));
              }
            }}
          >
            {t('product.addToCart')}
          </button>
          <WishlistButton productId={product.id} wished={product.wished} />
          <p className="whitespace-pre-line text-sm text-gray-700">{product.description}</p>
        </div>
      </div>
      <ReviewsSection slug={product.slug} />
      {product.related.length > 0 && (
        <section aria-labelledby="related">
          <h2 id="related" className="mb-3 text-lg font-semibold">
            {t('product.related')}
          </h2>
          <ProductGrid products={product.related} />
        </section>
      )}
    </article>
  );
}

/** Signed-in shoppers save products; guests are asked to sign in. */
function WishlistButton({ productId, wished }: { productId: string; wished?: boolean }) {
  const { t } = useTranslation();
  const { data: me } = useMeQuery();
  const { data: list = [] } = useWishlistQuery(undefined, { skip: !me });
  const [add] = useAddToWishlistMutation();
  const [remove] = useRemoveFromWishlistMutation();
  if (!me)
    return (
      <p className="text-sm">
        <Link to="/login" className="underline">
          {t('common.signIn')}
        </Link>{' '}
        {t('product.wishlistSignIn')}
      </p>
    );
  const item = list.find((i) => i.product.id === productId);
  const on = item !== undefined || (wished && list.length === 0);
  return (
    <button
      type="button"
      aria-pressed={on}
      className="rounded border px-4 py-2 text-sm"
      onClick={() => (item ? remove(item.id) : add({ productId }))}
    >
      {on ? t('product.saved') : t('product.save')}
    </button>
  );
}
