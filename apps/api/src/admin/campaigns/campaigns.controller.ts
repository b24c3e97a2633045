import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { CampaignsService } from '@app/messaging';
import { ApiErrors } from '../../errors/api-errors.decorator';
import { CampaignCreatedResponse, CampaignList, CampaignResponse } from './campaign.response';
import { PageQuery } from '../page.query';
import { CreateCampaignDto, RecipientsQuery, UpdateCampaignDto } from './campaigns.dto';
import { RecipientPage } from './recipient.response';

@Controller('api/campaigns')
@ApiErrors(401)
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  /** Stores the campaign as a draft; the answer reports duplicates, invalid entries and the SMS cost. */
  @Post()
  @ApiCreatedResponse({ type: CampaignCreatedResponse })
  @ApiErrors(400)
  create(@Body() dto: CreateCampaignDto): Promise<CampaignCreatedResponse> {
    return this.campaigns.create({ ...dto, kind: 'campaign', sendAt: dto.sendAt ? new Date(dto.sendAt) : undefined });
  }

  @Get()
  @ApiOkResponse({ type: CampaignList, description: 'Newest first.' })
  @ApiErrors(400)
  async list(@Query() query: PageQuery): Promise<CampaignList> {
    return { items: await this.campaigns.list('campaign', query.limit ?? 50, query.offset ?? 0) };
  }

  @Get(':id')
  @ApiOkResponse({ type: CampaignResponse })
  @ApiErrors(404)
  async get(@Param('id') id: string): Promise<CampaignResponse> {
    return this.campaigns.view(await this.campaigns.get(id));
  }

  @Get(':id/recipients')
  @ApiOkResponse({ type: RecipientPage })
  @ApiErrors(400, 404)
  recipients(@Param('id') id: string, @Query() query: RecipientsQuery): Promise<RecipientPage> {
    return this.campaigns.recipientsPage(id, undefined, query);
  }

  /** Only a draft or scheduled campaign can be edited (409 otherwise). */
  @Patch(':id')
  @ApiOkResponse({ type: CampaignResponse })
  @ApiErrors(400, 404, 409)
  update(@Param('id') id: string, @Body() dto: UpdateCampaignDto): Promise<CampaignResponse> {
    return this.campaigns.update(id, { ...dto, sendAt: dto.sendAt == null ? dto.sendAt : new Date(dto.sendAt) });
  }

  @Post(':id/launch')
  @HttpCode(200)
  @ApiOkResponse({ type: CampaignResponse, description: 'Running, or scheduled when sendAt is ahead.' })
  @ApiErrors(404, 409)
  launch(@Param('id') id: string): Promise<CampaignResponse> {
    return this.campaigns.launch(id);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOkResponse({ type: CampaignResponse })
  @ApiErrors(404, 409)
  pause(@Param('id') id: string): Promise<CampaignResponse> {
    return this.campaigns.pause(id);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOkResponse({ type: CampaignResponse })
  @ApiErrors(404, 409)
  resume(@Param('id') id: string): Promise<CampaignResponse> {
    return this.campaigns.resume(id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: CampaignResponse })
  @ApiErrors(404, 409)
  cancel(@Param('id') id: string): Promise<CampaignResponse> {
    return this.campaigns.cancel(id);
  }
}
