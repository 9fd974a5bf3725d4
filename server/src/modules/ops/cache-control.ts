import type { CatalogCache } from '../catalog';
import type { AuditService, AuditContext } from '../audit';

/**
 * Clearing caches across every running process: the catalog version row in MariaDB is bumped,
 * this process flushes at once and every other one flushes within two seconds when it next polls
 * the version (catalog lists, details, the category tree and search results). `npm run cache:clear`
 * does the same from outside.
 */
export class CacheControl {
  constructor(
    private readonly catalogCache: CatalogCache,
    private readonly audit: AuditService,
  ) {}

  async clearAll(by: AuditContext): Promise<void> {
    await this.catalogCache.invalidate();
    await this.audit.record('cache_cleared', by);
  }
}
