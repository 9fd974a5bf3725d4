export { SearchService, INDEX_JOB } from './search.service';
export { MariaDbSearchEngine } from './mariadb-engine';
export { ElasticsearchEngine, ES_ALIAS, ES_INDEX_BODY } from './elasticsearch-engine';
export { SearchRepository } from './search.repository';
export { MariaDbSearchRepository } from './mariadb-search.repository';
export { searchTerms, type SearchEngine } from './search-engine';
export { registerSearchRoutes } from './search.routes';
export { defineSearchModels, ProductSearchEntry, ProductSearchWord } from './search.models';
