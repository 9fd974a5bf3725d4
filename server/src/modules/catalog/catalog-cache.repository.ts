import type { Db, Transaction } from '../../db/db';
import { VersionRow } from '../../db/version-row';

/** The catalog version row (in `settings`) that tells every process the catalog changed (see CatalogCache). */
export class CatalogCacheRepository {
  private readonly row: VersionRow;
  constructor(db: Db) {
    this.row = new VersionRow(db, 'catalog.version');
  }

  /** Adds one to the version (the first bump makes it 1). */
  bumpVersion(tx?: Transaction): Promise<void> {
    return this.row.bump(tx);
  }

  /** The current version as text; '0' before the first bump. */
  version(): Promise<string> {
    return this.row.read();
  }
}
