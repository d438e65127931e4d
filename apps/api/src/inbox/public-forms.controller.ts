import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { objectionSchema, topicProposalSchema, topicVoteSchema } from '@shuping/contracts';
import type { Request } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { IdParam } from '../common/validation/uuid.pipe.js';
import { ApiZodBody, ZodPipe } from '../common/validation/zod.pipe.js';
import { ObjectionsService, type ObjectionReceipt } from './objections.service.js';
import { PublicRateLimiter } from './rate-limiter.js';
import { TopicsService, type TopicRoundView } from './topics.service.js';

const proposal = new ZodPipe(topicProposalSchema);
const vote = new ZodPipe(topicVoteSchema);
const objection = new ZodPipe(objectionSchema);

function client(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/**
 * The public pages (no login): topic proposals and votes (群众点题) and objections to public
 * notices (公示异议). Rate-limited per client before anything is read; one entry per phone or
 * ID number, kept only as a salted hash.
 */
@Public()
@ApiTags('public')
@Controller('public')
export class PublicFormsController {
  constructor(
    private readonly topics: TopicsService,
    private readonly objections: ObjectionsService,
    private readonly limiter: PublicRateLimiter,
  ) {}

  @Get('topic-rounds/:id')
  @ApiOperation({ summary: 'A topic round: the proposals and their support' })
  round(@IdParam() id: string): Promise<TopicRoundView> {
    return this.topics.publicView(id);
  }

  @Post('topic-rounds/:id/proposals')
  @ApiOperation({ summary: 'Propose a topic (one per phone / ID number per round)' })
  @ApiZodBody(topicProposalSchema)
  propose(
    @IdParam() id: string,
    @Body() body: unknown,
    @Req() req: Request,
  ): Promise<TopicRoundView> {
    this.limiter.hit(client(req), `topic:${id}`);
    return this.topics.propose(id, proposal.transform(body));
  }

  @Post('topic-rounds/:id/votes')
  @ApiOperation({ summary: 'Support a topic (one vote per phone / ID number per round)' })
  @ApiZodBody(topicVoteSchema)
  vote(@IdParam() id: string, @Body() body: unknown, @Req() req: Request): Promise<TopicRoundView> {
    this.limiter.hit(client(req), `topic:${id}`);
    return this.topics.vote(id, vote.transform(body));
  }

  @Post('notices/:id/objections')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Object to a notice during its publicity period (refused once the period is over)',
  })
  @ApiZodBody(objectionSchema)
  object(
    @IdParam() id: string,
    @Body() body: unknown,
    @Req() req: Request,
  ): Promise<ObjectionReceipt> {
    this.limiter.hit(client(req), `notice:${id}`);
    return this.objections.object(id, objection.transform(body));
  }
}
