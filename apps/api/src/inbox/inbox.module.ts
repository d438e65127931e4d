import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import express from 'express';
import { TasksModule } from '../tasks/tasks.module.js';
import { AttachmentsService, MAX_ATTACHMENT_BYTES } from './attachments.service.js';
import { CommitmentsService } from './commitments.service.js';
import { DocumentsService } from './documents.service.js';
import { FormsController } from './forms.controller.js';
import { InboxActionsService } from './inbox-actions.service.js';
import { InboxController } from './inbox.controller.js';
import { ObjectionsService } from './objections.service.js';
import { OutOfOfficeService } from './out-of-office.service.js';
import { PublicFormsController } from './public-forms.controller.js';
import { QuestionsService } from './questions.service.js';
import { PublicRateLimiter } from './rate-limiter.js';
import { RectificationService } from './rectification.service.js';
import { TaskDetailService } from './task-detail.service.js';
import { TaskScopeService } from './task-scope.service.js';
import { TopicsService } from './topics.service.js';

/**
 * The work inbox (我的待办) and the step forms: task page and actions, the side records of the
 * forms (questions, commitments, rectification items, topics, attachments), printable
 * documents, and the public pages (topic proposals, objections).
 */
@Module({
  imports: [TasksModule],
  controllers: [InboxController, FormsController, PublicFormsController],
  providers: [
    TaskScopeService,
    InboxActionsService,
    TaskDetailService,
    OutOfOfficeService,
    QuestionsService,
    CommitmentsService,
    RectificationService,
    TopicsService,
    ObjectionsService,
    AttachmentsService,
    DocumentsService,
    PublicRateLimiter,
  ],
})
export class InboxModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Uploads are the file's raw bytes (the app parses only JSON bodies, up to 1 MiB).
    consumer
      .apply(express.raw({ type: () => true, limit: MAX_ATTACHMENT_BYTES + 1 }))
      .forRoutes({ path: 'tasks/:id/attachments', method: RequestMethod.POST });
  }
}
