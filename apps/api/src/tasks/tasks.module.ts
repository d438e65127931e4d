import { Module } from '@nestjs/common';
import { RatingService } from './rating.service.js';
import { TaskFormsService } from './task-forms.service.js';
import { TaskRatingsService } from './task-ratings.service.js';
import { TasksController } from './tasks.controller.js';
import { TasksService } from './tasks.service.js';

@Module({
  controllers: [TasksController],
  providers: [TasksService, TaskFormsService, RatingService, TaskRatingsService],
  exports: [TasksService, TaskFormsService, RatingService],
})
export class TasksModule {}
