import { Module } from '@nestjs/common';
import { NoticesController, NoticesService } from './notices.controller.js';

@Module({ controllers: [NoticesController], providers: [NoticesService] })
export class NoticesModule {}
