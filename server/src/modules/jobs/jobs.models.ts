import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { Model } from 'sequelize';
import { count, int, json, moment, oneOf, serialKey, text, varchar } from '../../db/model-columns';
import type { JobStatus } from './job.types';

export class Job extends Model<InferAttributes<Job>, InferCreationAttributes<Job>> {
  declare id: CreationOptional<number>;
  declare queue: CreationOptional<string>;
  declare name: string;
  declare payload: unknown;
  declare status: CreationOptional<JobStatus>;
  declare runAt: Date;
  declare priority: CreationOptional<number>;
  declare attempts: CreationOptional<number>;
  declare maxAttempts: CreationOptional<number>;
  declare leaseOwner: string | null;
  declare leaseExpiresAt: Date | null;
  declare lastError: string | null;
  /** Dedupes pending work only: cleared when the job finishes. */
  declare uniqueKey: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare finishedAt: Date | null;
}

/** A recurring schedule's last claimed slot. */
export class JobSchedule extends Model<InferAttributes<JobSchedule>, InferCreationAttributes<JobSchedule>> {
  declare name: string;
  declare lastSlot: Date;
  declare updatedAt: CreationOptional<Date>;
}

export function defineJobsModels(sequelize: Sequelize): void {
  Job.init(
    {
      id: serialKey(),
      queue: varchar(64, false, 'default'),
      name: varchar(100),
      payload: json(),
      status: oneOf(['queued', 'running', 'done', 'failed', 'dead'], false, 'queued'),
      runAt: moment(),
      priority: int(false, 0),
      attempts: count(false, 0),
      maxAttempts: count(false, 5),
      leaseOwner: varchar(64, true),
      leaseExpiresAt: moment(true),
      lastError: text(true),
      uniqueKey: varchar(191, true),
      createdAt: moment(),
      updatedAt: moment(),
      finishedAt: moment(true),
    },
    { sequelize, tableName: 'jobs', timestamps: true },
  );
  JobSchedule.init(
    { name: { ...varchar(100), primaryKey: true }, lastSlot: moment(), updatedAt: moment() },
    { sequelize, tableName: 'job_schedules', timestamps: true, createdAt: false },
  );
}
