import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { CampaignsService } from '@app/messaging';
import { ApiErrors } from '../../errors/api-errors.decorator';
import { BatchList } from './batch.response';
import { CampaignCreatedResponse, CampaignResponse } from './campaign.response';
import { CreateBatchDto, ListBatchesQuery, RecipientsQuery } from './campaigns.dto';
import { RecipientPage } from './recipient.response';

const KIND = 'multi_sms';

/** The seed app's Multi-SMS routes, over the campaign engine: a batch is a campaign launched at once. */
@Controller('api/multi-sms/batches')
@ApiErrors(401)
export class MultiSmsController {
  constructor(private readonly campaigns: CampaignsService) {}

  /** Created and launched at once; at most MULTI_SMS_MAX_RECIPIENTS numbers. */
  @Post()
  @ApiCreatedResponse({ type: CampaignCreatedResponse, description: 'The batch, already launched.' })
  @ApiErrors(400)
  async create(@Body() dto: CreateBatchDto): Promise<CampaignCreatedResponse> {
    const created = await this.campaigns.create({
      ...dto,
      kind: KIND,
      name: `Multi-SMS ${new Date().toISOString()}`,
    });
    return { ...(await this.campaigns.launch(created.id)), accepted: created.accepted };
  }

  @Get()
  @ApiOkResponse({ type: BatchList, description: 'Newest first.' })
  @ApiErrors(400)
  async list(@Query() query: ListBatchesQuery): Promise<BatchList> {
    const batches = await this.campaigns.list(KIND, query.limit ?? 50, query.offset ?? 0);
    if (!(query.includeRecipients ?? query.include_recipients)) return { items: batches };
    const items = await Promise.all(
      batches.map(async (batch) => ({
        ...batch,
        recipients: await this.campaigns.recipients(batch.id, undefined, 1000),
      })),
    );
    return { items };
  }

  @Get(':id')
  @ApiOkResponse({ type: CampaignResponse })
  @ApiErrors(404)
  async get(@Param('id') id: string): Promise<CampaignResponse> {
    return this.campaigns.view(await this.campaigns.get(id, KIND));
  }

  @Get(':id/recipients')
  @ApiOkResponse({ type: RecipientPage })
  @ApiErrors(400, 404)
  recipients(@Param('id') id: string, @Query() query: RecipientsQuery): Promise<RecipientPage> {
    return this.campaigns.recipientsPage(id, KIND, query);
  }
}
