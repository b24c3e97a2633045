import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CampaignsService } from '@app/messaging';
import { CreateCampaignDto, PageQuery, RecipientsQuery, UpdateCampaignDto } from './campaigns.dto';

@Controller('api/campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  /** Stores the campaign as a draft; the answer reports duplicates, invalid entries and the SMS cost. */
  @Post()
  create(@Body() dto: CreateCampaignDto) {
    return this.campaigns.create({ ...dto, kind: 'campaign', sendAt: dto.sendAt ? new Date(dto.sendAt) : undefined });
  }

  @Get()
  async list(@Query() query: PageQuery) {
    return { items: await this.campaigns.list('campaign', query.limit ?? 50, query.offset ?? 0) };
  }

  @Get(':id')
  async get(@Param('id') id: string) {
    return this.campaigns.view(await this.campaigns.get(id));
  }

  @Get(':id/recipients')
  recipients(@Param('id') id: string, @Query() query: RecipientsQuery) {
    return this.campaigns.recipientsPage(id, undefined, query);
  }

  @Patch(':id')
  update(@Param('id') id: string, @Body() dto: UpdateCampaignDto) {
    return this.campaigns.update(id, { ...dto, sendAt: dto.sendAt ? new Date(dto.sendAt) : undefined });
  }

  @Post(':id/launch')
  @HttpCode(200)
  launch(@Param('id') id: string) {
    return this.campaigns.launch(id);
  }

  @Post(':id/pause')
  @HttpCode(200)
  pause(@Param('id') id: string) {
    return this.campaigns.pause(id);
  }

  @Post(':id/resume')
  @HttpCode(200)
  resume(@Param('id') id: string) {
    return this.campaigns.resume(id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@Param('id') id: string) {
    return this.campaigns.cancel(id);
  }
}
