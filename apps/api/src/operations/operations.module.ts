import { Module } from '@nestjs/common';
import { OperationsController, OperationsService } from './operations.js';

@Module({ controllers: [OperationsController], providers: [OperationsService] })
export class OperationsModule {}
