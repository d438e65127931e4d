import { Module } from '@nestjs/common';

/** Admin: controllers and services are added here. */
@Module({})
export class AdminModule {}
