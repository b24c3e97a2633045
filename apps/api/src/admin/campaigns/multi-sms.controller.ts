import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { CampaignsService } from '@app/messaging';
import { CreateBatchDto, ListBatchesQuery, RecipientsQuery } from './campaigns.dto';

const KIND = 'multi_sms';

/** The seed app's Multi-SMS routes, over the campaign engine: a batch is a campaign launched at once. */
@Controller('api/multi-sms/batches')
export class MultiSmsController {
  constructor(private readonly campaigns: CampaignsService) {}

  /** Created and launched at once; at most MULTI_SMS_MAX_RECIPIENTS numbers. */
  @Post()
  async create(@Body() dto: CreateBatchDto) {
    const created = await this.campaigns.create({
      ...dto,
      kind: KIND,
      name: `Multi-SMS ${new Date().toISOString()}`,
    });
    return { ...(await this.campaigns.launch(created.id)), accepted: created.accepted };
  }

  @Get()
  async list(@Query() query: ListBatchesQuery) {
    const batches = await this.campaigns.list(KIND, query.limit ?? 50, query.offset ?? 0);
    if (!(query.includeRecipients ?? query.include_recipients)) return { items: batches };
    const items = await Promise.all(
      batches.map(async (batch) => ({ ...batch, recipients: await this.campaigns.recipients(batch.id, undefined, 1000) })),
    );
    return { items };
  }

  @Get(':id')
  async get(@Param('id') id: string) {
    return this.campaigns.view(await this.campaigns.get(id, KIND));
  }

  @Get(':id/recipients')
  recipients(@Param('id') id: string, @Query() query: RecipientsQuery) {
    return this.campaigns.recipientsPage(id, KIND, query);
  }
}
