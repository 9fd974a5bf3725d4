import type { Sequelize } from 'sequelize';

/** What readiness asks the database itself. */
export class HealthRepository {
  constructor(private readonly sequelize: Sequelize) {}

  /** Resolves when the database answers a trivial statement (through Sequelize's pool, as requests do). */
  async ping(): Promise<void> {
    await this.sequelize.query('SELECT 1');
  }
}
