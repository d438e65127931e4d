import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type TimerStatus = 'pending' | 'fired' | 'cancelled';

/** A durable timer: the truth about deadlines. BullMQ jobs and the poller only fire these rows. */
@Entity({ name: 'timer' })
export class TimerEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'county_id', type: 'uuid' }) countyId!: string;
  @Column({ name: 'instance_id', type: 'uuid' }) instanceId!: string;
  @Column({ name: 'timer_key', type: 'varchar', length: 400 }) timerKey!: string;
  @Column({ name: 'task_key', type: 'varchar', length: 300, nullable: true }) taskKey!:
    string | null;
  /** deadline, reminder, escalation or after. */
  @Column({ type: 'varchar', length: 16 }) purpose!: string;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt!: Date;
  @Column({ type: 'varchar', length: 16 }) status!: TimerStatus;
  @Column({ name: 'fired_at', type: 'timestamptz', nullable: true }) firedAt!: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
