import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors } from '../../errors/api-errors.decorator';
import { QuietHoursDto } from '../campaigns/quiet-hours.dto';
import { PageQuery } from '../page.query';
import { AppConfig } from '@app/config';
import { BusinessList, BusinessResponse, toBusinessResponse, WidgetTokenResponse } from './business.response';
import { BusinessNumberDto, CreateBusinessDto, UpdateBusinessDto, UsageQuery } from './businesses.dto';
import { BusinessesService } from './businesses.service';
import { BusinessUsageResponse, toUsageResponse } from './usage.response';
import { PlatformOnly } from '../../auth/platform-only.decorator';

/**
 * The businesses this deployment serves (platform key only): create and edit them, give them
 * numbers, suspend and resume them, and see what they used. `:id` is a business's id or its slug.
 */
@PlatformOnly()
@Controller('api/businesses')
@ApiErrors(401)
// Named in quietHours' oneOf (object or text) by reference only, so the document lists it here.
@ApiExtraModels(QuietHoursDto)
export class BusinessesController {
  constructor(
    private readonly businesses: BusinessesService,
    private readonly config: AppConfig,
  ) {}

  /** Secrets are never returned: a Twilio subaccount shows its SID and `authTokenSet` only. */
  @Post()
  @ApiCreatedResponse({ type: BusinessResponse })
  @ApiErrors(400, 409)
  async create(@Body() dto: CreateBusinessDto): Promise<BusinessResponse> {
    return toBusinessResponse(await this.businesses.create(dto));
  }

  @Get()
  @ApiOkResponse({ type: BusinessList, description: 'Newest first.' })
  @ApiErrors(400)
  async list(@Query() query: PageQuery): Promise<BusinessList> {
    const businesses = await this.businesses.list(query.limit ?? 50, query.offset ?? 0);
    return { items: businesses.map(toBusinessResponse) };
  }

  @Get(':id')
  @ApiOkResponse({ type: BusinessResponse })
  @ApiErrors(404)
  async get(@Param('id') id: string): Promise<BusinessResponse> {
    return toBusinessResponse(await this.businesses.get(id));
  }

  /** The default business keeps its slug (400). A slug or subaccount another business has is a 409. */
  @Patch(':id')
  @ApiOkResponse({ type: BusinessResponse })
  @ApiErrors(400, 404, 409)
  async update(@Param('id') id: string, @Body() dto: UpdateBusinessDto): Promise<BusinessResponse> {
    return toBusinessResponse(await this.businesses.update(id, dto));
  }

  /** 201 when added; 200 when it was this business's number already; 409 when another business has it. */
  @Post(':id/numbers')
  @ApiCreatedResponse({ type: BusinessResponse, description: 'Added: the business with its numbers.' })
  @ApiOkResponse({ type: BusinessResponse, description: 'It was the business’s number already: nothing changed.' })
  @ApiErrors(400, 404, 409)
  async addNumber(
    @Param('id') id: string,
    @Body() dto: BusinessNumberDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BusinessResponse> {
    const { business, added } = await this.businesses.addNumber(id, dto);
    reply.status(added ? HttpStatus.CREATED : HttpStatus.OK);
    return toBusinessResponse(business);
  }

  /** `:address` is URL-encoded: `%2B15550002222`, or `whatsapp%3A%2B15550002222` for a WhatsApp sender. */
  @Delete(':id/numbers/:address')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The number no longer belongs to the business.' })
  @ApiErrors(400, 404)
  async removeNumber(@Param('id') id: string, @Param('address') address: string): Promise<void> {
    await this.businesses.removeNumber(id, address);
  }

  /** Idempotent. The default business cannot be suspended (409). */
  @Post(':id/suspend')
  @HttpCode(200)
  @ApiOkResponse({ type: BusinessResponse })
  @ApiErrors(404, 409)
  async suspend(@Param('id') id: string): Promise<BusinessResponse> {
    return toBusinessResponse(await this.businesses.suspend(id));
  }

  /** Idempotent. */
  @Post(':id/resume')
  @HttpCode(200)
  @ApiOkResponse({ type: BusinessResponse })
  @ApiErrors(404)
  async resume(@Param('id') id: string): Promise<BusinessResponse> {
    return toBusinessResponse(await this.businesses.resume(id));
  }

  /**
   * A new web chat widget token, shown in this answer only (its SHA-256 is stored), with the line to
   * embed it. The old token is refused from now on (within 5 s on other API instances).
   */
  @Post(':id/widget-token')
  @HttpCode(200)
  @ApiOkResponse({ type: WidgetTokenResponse })
  @ApiErrors(404)
  async rotateWidgetToken(@Param('id') id: string): Promise<WidgetTokenResponse> {
    const { business, token } = await this.businesses.rotateWidgetToken(id);
    const origin = this.config.publicBaseUrl ?? 'https://your-switchboard.example';
    return {
      token,
      embed: `<script src="${origin}/widget/embed.js" data-token="${token}" async></script>`,
      business: toBusinessResponse(business),
    };
  }

  /** Messages per day in the business's timezone, counted in SQL from its messages. */
  @Get(':id/usage')
  @ApiOkResponse({ type: BusinessUsageResponse })
  @ApiErrors(400, 404)
  async usage(@Param('id') id: string, @Query() query: UsageQuery): Promise<BusinessUsageResponse> {
    return toUsageResponse(await this.businesses.usage(id, query.days ?? 30));
  }
}
