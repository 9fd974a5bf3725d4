export { TranslationsService } from './translations.service';
export { TranslationsRepository } from './translations.repository';
export { registerTranslationRoutes } from './translations.routes';
export { defineTranslationsModels, TranslationRow } from './translations.models';
