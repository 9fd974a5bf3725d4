import type { InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { Model } from 'sequelize';
import { moment, varchar } from '../../db/model-columns';

/** An SMTP sent-marker: the message was accepted, so a rerun of its job does not send it again. */
export class EmailDelivery extends Model<InferAttributes<EmailDelivery>, InferCreationAttributes<EmailDelivery>> {
  declare messageId: string;
  declare sentAt: Date;
}

export function defineEmailModels(sequelize: Sequelize): void {
  EmailDelivery.init(
    { messageId: { ...varchar(255), primaryKey: true }, sentAt: moment() },
    { sequelize, tableName: 'email_deliveries', timestamps: false },
  );
}
