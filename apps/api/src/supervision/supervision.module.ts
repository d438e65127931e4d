import { Module } from '@nestjs/common';

/** Supervision: controllers and services are added here. */
@Module({})
export class SupervisionModule {}
