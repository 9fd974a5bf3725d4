import type { SeedContext } from '../server/src/db/seeder';

/** Default shop settings; existing values are kept, so running it again changes nothing. */
export async function seed({ sequelize }: SeedContext) {
  const defaults: Record<string, unknown> = {
    'shop.name': 'Bazaar Demo Shop',
    'shop.currency': 'USD',
  };
  for (const [key, value] of Object.entries(defaults)) {
    await sequelize.query('INSERT IGNORE INTO settings (`key`, value, updated_at) VALUES (?, ?, UTC_TIMESTAMP(3))', {
      replacements: [key, JSON.stringify(value)],
    });
  }
}
