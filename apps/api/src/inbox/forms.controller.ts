import {
  Controller,
  Delete,
  Get,
  HttpCode,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  answerSchema,
  commitmentInputSchema,
  ledgerProgressSchema,
  questionSchema,
  rectificationItemInputSchema,
  rectificationItemUpdateSchema,
  topicClassifySchema,
  topicMergeSchema,
  topicRoundSchema,
  topicStaffProposalSchema,
  verifyItemSchema,
  type CommitmentInput,
  type LedgerProgress,
  type RectificationItemInput,
  type TopicClassify,
  type VerifyItem,
} from '@shuping/contracts';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { IdParam } from '../common/validation/uuid.pipe.js';
import { ApiZodBody, ZodBody } from '../common/validation/zod.pipe.js';
import { AttachmentsService, type AttachmentView } from './attachments.service.js';
import { CommitmentsService, type CommitmentView } from './commitments.service.js';
import { DocumentsService } from './documents.service.js';
import { QuestionsService, type QuestionView } from './questions.service.js';
import { RectificationService, type RectificationItemView } from './rectification.service.js';
import { TopicsService, type TopicRoundView } from './topics.service.js';

/** `filename*=` per RFC 6266 / 5987, with an ASCII fallback. */
function contentDisposition(kind: 'attachment' | 'inline', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The side records of the step forms: questions, commitments, rectification items, topics, files, PDFs. */
@ApiTags('forms')
@ApiBearerAuth()
@Controller()
export class FormsController {
  constructor(
    private readonly questions: QuestionsService,
    private readonly commitments: CommitmentsService,
    private readonly rectification: RectificationService,
    private readonly topics: TopicsService,
    private readonly attachments: AttachmentsService,
    private readonly documents: DocumentsService,
  ) {}

  // ---- questioning -------------------------------------------------------------------------------

  @Post('tasks/:id/questions')
  @ApiOperation({ summary: '提问: ask the reporter a question' })
  @ApiZodBody(questionSchema)
  ask(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(questionSchema) body: { question: string },
  ): Promise<QuestionView[]> {
    return this.questions.ask(principal, id, body.question);
  }

  @Post('questions/:id/answer')
  @HttpCode(200)
  @ApiOperation({ summary: 'The reporter answers a question' })
  @ApiZodBody(answerSchema)
  answer(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(answerSchema) body: { answer: string },
  ): Promise<QuestionView[]> {
    return this.questions.answer(principal, id, body.answer);
  }

  // ---- commitment ----------------------------------------------------------------------------------

  @Put('tasks/:id/commitment')
  @ApiOperation({ summary: '承诺: write the commitment and its ledger (clears signatures)' })
  @ApiZodBody(commitmentInputSchema)
  saveCommitment(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(commitmentInputSchema) body: CommitmentInput,
  ): Promise<CommitmentView> {
    return this.commitments.save(principal, id, body);
  }

  @Post('tasks/:id/commitment/sign')
  @HttpCode(200)
  @ApiOperation({ summary: 'The committing secretary signs' })
  sign(@CurrentPrincipal() principal: Principal, @IdParam() id: string): Promise<CommitmentView> {
    return this.commitments.sign(principal, id);
  }

  @Post('tasks/:id/commitment/countersign')
  @HttpCode(200)
  @ApiOperation({ summary: 'The other level countersigns (会签)' })
  countersign(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
  ): Promise<CommitmentView> {
    return this.commitments.countersign(principal, id);
  }

  @Post('ledger-items/:id/progress')
  @ApiOperation({ summary: '台账: report progress on a monthly task or quarterly goal' })
  @ApiZodBody(ledgerProgressSchema)
  progress(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(ledgerProgressSchema) body: LedgerProgress,
  ): Promise<CommitmentView> {
    return this.commitments.progress(principal, id, body);
  }

  // ---- rectification --------------------------------------------------------------------------------

  @Post('tasks/:id/rectification-items')
  @ApiOperation({ summary: '整改: add an item to the problem, responsibility or action list' })
  @ApiZodBody(rectificationItemInputSchema)
  addItem(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(rectificationItemInputSchema) body: RectificationItemInput,
  ): Promise<RectificationItemView[]> {
    return this.rectification.add(principal, id, body);
  }

  @Patch('rectification-items/:id')
  @ApiOperation({ summary: 'Edit an item; evidence marks it done (not once verified)' })
  @ApiZodBody(rectificationItemUpdateSchema)
  updateItem(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(rectificationItemUpdateSchema) body: z.infer<typeof rectificationItemUpdateSchema>,
  ): Promise<RectificationItemView[]> {
    return this.rectification.update(principal, id, body);
  }

  @Delete('rectification-items/:id')
  @ApiOperation({ summary: 'Remove an item (not once verified)' })
  removeItem(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
  ): Promise<RectificationItemView[]> {
    return this.rectification.remove(principal, id);
  }

  @Post('rectification-items/:id/verify')
  @HttpCode(200)
  @ApiOperation({ summary: '逐项验收: a superior verifies an item or sends it back' })
  @ApiZodBody(verifyItemSchema)
  verify(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(verifyItemSchema) body: VerifyItem,
  ): Promise<RectificationItemView[]> {
    return this.rectification.verify(principal, id, body);
  }

  // ---- topic selection ------------------------------------------------------------------------------

  @Get('tasks/:id/topics')
  @ApiOperation({ summary: '群众点题: the round of a topic-selection task (staff view)' })
  topicRound(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
  ): Promise<TopicRoundView> {
    return this.topics.forTask(principal, id);
  }

  @Post('tasks/:id/topics/proposals')
  @ApiOperation({ summary: 'Staff add a topic heard on visits or at a symposium' })
  @ApiZodBody(topicStaffProposalSchema)
  addTopic(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(topicStaffProposalSchema) body: { text: string; category?: string },
  ): Promise<TopicRoundView> {
    return this.topics.addByStaff(principal, id, body);
  }

  @Put('tasks/:id/topics/round')
  @ApiOperation({ summary: 'When the public solicitation closes' })
  @ApiZodBody(topicRoundSchema)
  topicRoundClose(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(topicRoundSchema) body: { closesAt: string | null },
  ): Promise<TopicRoundView> {
    return this.topics.setClosesAt(principal, id, body.closesAt);
  }

  @Patch('topic-proposals/:id')
  @ApiOperation({ summary: '分类: category and acceptance of a proposal' })
  @ApiZodBody(topicClassifySchema)
  classify(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(topicClassifySchema) body: TopicClassify,
  ): Promise<TopicRoundView> {
    return this.topics.classify(principal, id, body);
  }

  @Post('topic-proposals/:id/merge')
  @HttpCode(200)
  @ApiOperation({ summary: '合并: merge a duplicate into another proposal' })
  @ApiZodBody(topicMergeSchema)
  merge(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(topicMergeSchema) body: { intoId: string },
  ): Promise<TopicRoundView> {
    return this.topics.merge(principal, id, body.intoId);
  }

  // ---- attachments and documents --------------------------------------------------------------------

  @Post('tasks/:id/attachments')
  @ApiConsumes('application/octet-stream')
  @ApiOperation({
    summary:
      'Upload a file (the raw bytes as the body, ?fileName=…; pdf, png, jpg, docx, xlsx, txt; ≤ 10 MB)',
  })
  upload(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @Query('fileName') fileName: string | undefined,
    @Req() req: Request,
  ): Promise<AttachmentView> {
    return this.attachments.upload(principal, id, fileName, req.body);
  }

  @Get('attachments/:id')
  @ApiOperation({ summary: 'Download a file (always as an attachment)' })
  async download(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.attachments.download(principal, id);
    res
      .status(200)
      .setHeader('Content-Type', file.mimeType)
      .setHeader('Content-Disposition', contentDisposition('attachment', file.fileName))
      .setHeader('X-Content-Type-Options', 'nosniff')
      .setHeader('Content-Security-Policy', "default-src 'none'; sandbox")
      .setHeader('Cache-Control', 'private, no-store')
      .send(file.content);
  }

  @Delete('attachments/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'The uploader removes a file while the step is open' })
  removeAttachment(@CurrentPrincipal() principal: Principal, @IdParam() id: string): Promise<void> {
    return this.attachments.remove(principal, id);
  }

  @Get('tasks/:id/document.pdf')
  @ApiOperation({
    summary:
      'Printable PDF: report (述职报告), rectification notice (整改通知单) or supervision order (问责督办单)',
  })
  async document(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @Res() res: Response,
  ): Promise<void> {
    const doc = await this.documents.forTask(principal, id);
    res
      .status(200)
      .setHeader('Content-Type', 'application/pdf')
      .setHeader('Content-Disposition', contentDisposition('inline', doc.fileName))
      .setHeader('Cache-Control', 'private, no-store')
      .send(doc.content);
  }
}
