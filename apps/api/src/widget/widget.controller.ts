import { Body, Controller, Get, HttpCode, Options, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WidgetBusiness } from '@app/database';
import { VisitorPhonesService, WidgetChatService, type WidgetVisitor } from '@app/messaging';
import { Public } from '../auth/public.decorator';
import { CurrentWidgetBusiness } from './widget-business.decorator';
import { WidgetRateLimiter } from './widget-rate-limiter';
import { WidgetAnswersQuery, WidgetMessageDto } from './widget.dto';
import { toWidgetAnswer, toWidgetExchange, WidgetAnswerList, WidgetExchangeResponse } from './widget.response';
import { streamAnswer, wantsEventStream } from './widget-event-stream';
import { tooManyRequests } from './too-many-requests';

const DAY_MS = 24 * 3600_000;

/**
 * The web chat widget's API. The X-Widget-Token was checked before the body was read
 * (widget-intake.ts: 401, 403, 429, CORS); an API key opens nothing here, and a widget token
 * opens nothing else (ApiKeyGuard only reads X-API-Key).
 */
@Public()
@Controller('api/widget')
export class WidgetController {
  constructor(
    private readonly chat: WidgetChatService,
    private readonly phones: VisitorPhonesService,
    private readonly limiter: WidgetRateLimiter,
  ) {}

  /**
   * A visitor's message, answered by the same engine as texts (emergencies, booking, AI). JSON by
   * default; `Accept: text/event-stream` streams `accepted`, then `answer` (one per part) or
   * `pending`, then `done`. Not answered within WIDGET_REPLY_TIMEOUT_MS: 202, the answer follows
   * (GET picks it up).
   */
  @Post('messages')
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({ type: WidgetExchangeResponse, description: 'Answered (or, as text/event-stream, the events).' })
  @ApiAcceptedResponse({ type: WidgetExchangeResponse, description: 'Stored; the answer follows (status pending).' })
  async send(
    @CurrentWidgetBusiness() business: WidgetBusiness,
    @Body() dto: WidgetMessageDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const visitor = await this.visitor(business, dto.visitorId, reply, true);
    if (!visitor) return;
    const inboundId = await this.chat.accept(visitor, dto.text);
    if (wantsEventStream(request.headers.accept)) return streamAnswer(reply, inboundId, this.chat.answerTo(inboundId));
    const exchange = toWidgetExchange({ inboundId, answers: await this.chat.answerTo(inboundId) });
    void reply.status(exchange.status === 'answered' ? 200 : 202).send(exchange);
  }

  /** The answers to the visitor's own messages stored after `after`: the chat polls here for a pending answer. */
  @Get('messages')
  @ApiOkResponse({ type: WidgetAnswerList })
  async answers(
    @CurrentWidgetBusiness() business: WidgetBusiness,
    @Query() query: WidgetAnswersQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const visitor = await this.visitor(business, query.visitorId, reply, false);
    if (!visitor) return;
    const earliest = Date.now() - DAY_MS;
    const after = new Date(Math.max(query.after ? Date.parse(query.after) : earliest, earliest));
    const answers = await this.chat.answersSince(visitor, after);
    void reply.send({ answers: answers.map(toWidgetAnswer) } satisfies WidgetAnswerList);
  }

  /** A browser's CORS preflight; answered before routing (widget-intake.ts), documented here. */
  @Options('messages')
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'Access-Control-Allow-* only for an Origin an active business lets embed its widget.',
  })
  preflight(): void {}

  /**
   * The visitor of this business, with the number they proved (POST /api/widget/phone/verify) if
   * they did; null once a 429 is sent for a visitor past WIDGET_RATE_LIMIT_PER_VISITOR (counted on
   * sends only: polling is the token's budget).
   */
  private async visitor(
    business: WidgetBusiness,
    visitorId: string,
    reply: FastifyReply,
    counted: boolean,
  ): Promise<(WidgetVisitor & { slug: string }) | null> {
    const retryAfter = counted ? await this.limiter.visitor(business.id, visitorId) : 0;
    if (retryAfter > 0) {
      tooManyRequests(reply, retryAfter, `Too many messages; retry in ${retryAfter} s`);
      return null;
    }
    const phone = await this.phones.proven(business.id, visitorId);
    return { businessId: business.id, slug: business.slug, visitorId, ...(phone ? { phone } : {}) };
  }
}
