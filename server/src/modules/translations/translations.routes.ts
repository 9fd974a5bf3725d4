import { TranslationInput, TranslationLanguageParams, TranslationList, TranslationParams } from '@bazaar/shared';
import type { ApiRegistry } from '../../lib/api-registry';
import type { TranslationsService } from './translations.service';

/** Staff translate products, variants, categories and shipping methods (`catalog:write`). */
export function registerTranslationRoutes(api: ApiRegistry, translations: TranslationsService): void {
  const tags = ['admin: translations'];
  const permission = 'catalog:write' as const;
  api.route({
    method: 'get',
    path: '/admin/translations/:kind/:id',
    summary: 'A product, variant, category or shipping method in every language it is translated to',
    tags,
    permission,
    request: { params: TranslationParams },
    response: TranslationList,
    handler: ({ params }) => translations.list(params.kind, params.id),
  });
  api.route({
    method: 'put',
    path: '/admin/translations/:kind/:id/:language',
    summary: "Set one language's texts (fields left out show the shop's own text; none at all removes it)",
    tags,
    permission,
    request: { params: TranslationLanguageParams, body: TranslationInput },
    response: TranslationList,
    handler: ({ params, body }) => translations.put(params.kind, params.id, params.language, body.fields),
  });
  api.route({
    method: 'delete',
    path: '/admin/translations/:kind/:id/:language',
    summary: "Remove one language's texts",
    tags,
    permission,
    request: { params: TranslationLanguageParams },
    status: 204,
    handler: ({ params }) => translations.remove(params.kind, params.id, params.language),
  });
}
