import { Module } from '@nestjs/common';

/** Inbox: controllers and services are added here. */
@Module({})
export class InboxModule {}
