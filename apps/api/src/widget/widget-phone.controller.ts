import { Body, Controller, Delete, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { maskPhone } from '@app/common';
import type { WidgetBusiness } from '@app/database';
import { VisitorPhonesService } from '@app/messaging';
import { Public } from '../auth/public.decorator';
import { ErrorResponse } from '../errors/error.response';
import { CurrentWidgetBusiness } from './widget-business.decorator';
import { WidgetPhoneCodeDto, WidgetPhoneDto, WidgetVisitorQuery } from './widget.dto';
import { WidgetCodeSent, WidgetVisitorPhone } from './widget-phone.response';
import { tooManyRequests } from './too-many-requests';

/**
 * A web chat visitor's phone number, proven before the chat becomes that contact's: ask for a
 * code (texted to the number), type it back, and the visitor's messages are that number's from
 * then on. Behind the widget intake like the chat (X-Widget-Token, CORS, the token's budget).
 */
@Public()
@Controller('api/widget/phone')
export class WidgetPhoneController {
  constructor(private readonly phones: VisitorPhonesService) {}

  /** Texts a six-digit code to the number (good for 10 minutes and 5 tries); a new one replaces the last. */
  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({ type: WidgetCodeSent })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The business has no number to text from.' })
  @ApiTooManyRequestsResponse({
    type: ErrorResponse,
    description: 'Too many codes for this visitor, number or business (Retry-After).',
  })
  async requestCode(
    @CurrentWidgetBusiness() business: WidgetBusiness,
    @Body() dto: WidgetPhoneDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const request = { businessId: business.id, businessName: business.name, visitorId: dto.visitorId };
    const outcome = await this.phones.requestCode(request, dto.phone);
    if (!outcome.sent)
      return tooManyRequests(
        reply,
        outcome.retryAfterSeconds,
        `Too many codes asked for; retry in ${outcome.retryAfterSeconds} s`,
      );
    void reply
      .status(202)
      .send({ to: outcome.to, expiresInSeconds: outcome.expiresInSeconds } satisfies WidgetCodeSent);
  }

  /** The code texted to the number: right, and the visitor's chat is that number's conversation from now on. */
  @Post('verify')
  @HttpCode(200)
  @ApiOkResponse({ type: WidgetVisitorPhone })
  async verify(
    @CurrentWidgetBusiness() business: WidgetBusiness,
    @Body() dto: WidgetPhoneCodeDto,
  ): Promise<WidgetVisitorPhone> {
    const phone = await this.phones.confirm({ businessId: business.id, visitorId: dto.visitorId }, dto.phone, dto.code);
    return { phone: maskPhone(phone) };
  }

  /** The number the visitor proved, masked (the chat shows whom it talks as); null if none. */
  @Get()
  @ApiOkResponse({ type: WidgetVisitorPhone })
  async current(
    @CurrentWidgetBusiness() business: WidgetBusiness,
    @Query() query: WidgetVisitorQuery,
  ): Promise<WidgetVisitorPhone> {
    const phone = await this.phones.proven(business.id, query.visitorId);
    return { phone: phone && maskPhone(phone) };
  }

  /** "Not me": the visitor's chat is anonymous again. */
  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse()
  async forget(@CurrentWidgetBusiness() business: WidgetBusiness, @Query() query: WidgetVisitorQuery): Promise<void> {
    await this.phones.forget(business.id, query.visitorId);
  }
}
