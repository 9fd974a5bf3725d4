export {
  InventoryService,
  type ChangeContext,
  type LevelAfter,
  type LowStockLevel,
  type StockChange,
  type StockListener,
} from './inventory.service';
export { AVAILABILITY_RANK_SQL, InventoryRepository, PRODUCT_IN_STOCK_SQL } from './inventory.repository';
export { RANK_TO_AVAILABILITY, availabilityOf, bestAvailability, type StockLevel } from './availability';
export { LOW_STOCK_ALERTED_KEY, LowStockAlerts, type LowStockAlertItem, type LowStockAlertsDeps } from './low-stock-alerts';
export { defineInventoryModels, InventoryLedgerEntry, InventoryLevel } from './inventory.models';
