import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { CampaignPreviewService, CampaignsService } from '@app/messaging';
import { CurrentBusiness } from '../../auth/current-business.decorator';
import { ApiErrors } from '../../errors/api-errors.decorator';
import {
  CampaignList,
  CampaignResponse,
  NewCampaignResponse,
  toCampaignResponse,
  toNewCampaignResponse,
} from './campaign.response';
import { CampaignPreviewResponse, toCampaignPreviewResponse } from './campaign-preview.response';
import { PageQuery } from '../page.query';
import { CreateCampaignDto, RecipientsQuery, UpdateCampaignDto } from './campaigns.dto';
import { QuietHoursDto } from './quiet-hours.dto';
import { RecipientPage, toRecipientPage } from './recipient.response';

@Controller('api/campaigns')
@ApiErrors(401)
// Named in quietHours' oneOf (object or text) by reference only, so the document lists it here.
@ApiExtraModels(QuietHoursDto)
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly previews: CampaignPreviewService,
  ) {}

  /**
   * Stores the campaign as a draft; the answer reports duplicates, invalid entries, the SMS cost,
   * and the preview of what launching it would do.
   */
  @Post()
  @ApiCreatedResponse({ type: NewCampaignResponse })
  @ApiErrors(400)
  async create(@CurrentBusiness() businessId: string, @Body() dto: CreateCampaignDto): Promise<NewCampaignResponse> {
    const sendAt = dto.sendAt ? new Date(dto.sendAt) : undefined;
    const created = await this.campaigns.create(businessId, { ...dto, kind: 'campaign', sendAt });
    return toNewCampaignResponse(created, await this.previews.of(created.campaign));
  }

  @Get()
  @ApiOkResponse({ type: CampaignList, description: 'Newest first.' })
  @ApiErrors(400)
  async list(@CurrentBusiness() businessId: string, @Query() query: PageQuery): Promise<CampaignList> {
    const campaigns = await this.campaigns.list(businessId, 'campaign', query.limit ?? 50, query.offset ?? 0);
    return { items: campaigns.map(toCampaignResponse) };
  }

  @Get(':id')
  @ApiOkResponse({ type: CampaignResponse })
  @ApiErrors(404)
  async get(@CurrentBusiness() businessId: string, @Param('id') id: string): Promise<CampaignResponse> {
    return toCampaignResponse(await this.campaigns.find(businessId, id));
  }

  /**
   * The recipients by what the dispatcher will do with them (send now, held by quiet hours, opted
   * out, outside WhatsApp's window, invalid, duplicate), the segments, cost and finish time.
   */
  @Get(':id/preview')
  @ApiOkResponse({ type: CampaignPreviewResponse })
  @ApiErrors(404)
  async preview(@CurrentBusiness() businessId: string, @Param('id') id: string): Promise<CampaignPreviewResponse> {
    return toCampaignPreviewResponse(await this.previews.find(businessId, id));
  }

  @Get(':id/recipients')
  @ApiOkResponse({ type: RecipientPage })
  @ApiErrors(400, 404)
  async recipients(
    @CurrentBusiness() businessId: string,
    @Param('id') id: string,
    @Query() query: RecipientsQuery,
  ): Promise<RecipientPage> {
    return toRecipientPage(await this.campaigns.recipientsPage(businessId, id, undefined, query));
  }

  /** Only a draft or scheduled campaign can be edited (409 otherwise). */
  @Patch(':id')
  @ApiOkResponse({ type: CampaignResponse })
  @ApiErrors(400, 404, 409)
  async update(
    @CurrentBusiness() businessId: string,
    @Param('id') id: string,
    @Body() dto: UpdateCampaignDto,
  ): Promise<CampaignResponse> {
    const sendAt = dto.sendAt == null ? dto.sendAt : new Date(dto.sendAt);
    return toCampaignResponse(await this.campaigns.update(businessId, id, { ...dto, sendAt }));
  }

  @Post(':id/launch')
  @HttpCode(200)
  @ApiOkResponse({ type: CampaignResponse, description: 'Running, or scheduled when sendAt is ahead.' })
  @ApiErrors(404, 409)
  async launch(@CurrentBusiness() businessId: string, @Param('id') id: string): Promise<CampaignResponse> {
    return toCampaignResponse(await this.campaigns.launch(businessId, id));
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOkResponse({ type: CampaignResponse })
  @ApiErrors(404, 409)
  async pause(@CurrentBusiness() businessId: string, @Param('id') id: string): Promise<CampaignResponse> {
    return toCampaignResponse(await this.campaigns.pause(businessId, id));
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOkResponse({ type: CampaignResponse })
  @ApiErrors(404, 409)
  async resume(@CurrentBusiness() businessId: string, @Param('id') id: string): Promise<CampaignResponse> {
    return toCampaignResponse(await this.campaigns.resume(businessId, id));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: CampaignResponse })
  @ApiErrors(404, 409)
  async cancel(@CurrentBusiness() businessId: string, @Param('id') id: string): Promise<CampaignResponse> {
    return toCampaignResponse(await this.campaigns.cancel(businessId, id));
  }

  /** A draft or a finished (completed, canceled) campaign, with its recipients; its messages stay in the conversations. */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors(404, 409)
  async delete(@CurrentBusiness() businessId: string, @Param('id') id: string): Promise<void> {
    await this.campaigns.delete(businessId, id);
  }
}
