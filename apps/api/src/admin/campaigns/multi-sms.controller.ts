import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { CampaignsService } from '@app/messaging';
import { CurrentBusiness } from '../../auth/current-business.decorator';
import { ApiErrors } from '../../errors/api-errors.decorator';
import { BatchList, BatchPreviewResponse, toBatchResponse } from './batch.response';
import {
  CampaignCreatedResponse,
  CampaignResponse,
  toCampaignCreatedResponse,
  toCampaignResponse,
} from './campaign.response';
import { CreateBatchDto, ListBatchesQuery, PreviewBatchDto, RecipientsQuery } from './campaigns.dto';
import { RecipientPage, toRecipientPage } from './recipient.response';

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
  async create(@CurrentBusiness() businessId: string, @Body() dto: CreateBatchDto): Promise<CampaignCreatedResponse> {
    return toCampaignCreatedResponse(await this.campaigns.createBatch(businessId, dto));
  }

  /** What sending would accept (valid, repeats, entries that are not numbers) and cost; stores and sends nothing. */
  @Post('preview')
  @HttpCode(200)
  @ApiOkResponse({ type: BatchPreviewResponse })
  @ApiErrors(400)
  async preview(@Body() dto: PreviewBatchDto): Promise<BatchPreviewResponse> {
    return this.campaigns.previewBatch(dto);
  }

  @Get()
  @ApiOkResponse({ type: BatchList, description: 'Newest first.' })
  @ApiErrors(400)
  async list(@CurrentBusiness() businessId: string, @Query() query: ListBatchesQuery): Promise<BatchList> {
    const withRecipients = query.includeRecipients ?? query.include_recipients;
    const batches = await this.campaigns.listBatches(
      businessId,
      query.limit ?? 50,
      query.offset ?? 0,
      withRecipients ? 1000 : 0,
    );
    return { items: batches.map((batch) => toBatchResponse(batch, batch.recipients)) };
  }

  @Get(':id')
  @ApiOkResponse({ type: CampaignResponse })
  @ApiErrors(404)
  async get(@CurrentBusiness() businessId: string, @Param('id') id: string): Promise<CampaignResponse> {
    return toCampaignResponse(await this.campaigns.find(businessId, id, KIND));
  }

  @Get(':id/recipients')
  @ApiOkResponse({ type: RecipientPage })
  @ApiErrors(400, 404)
  async recipients(
    @CurrentBusiness() businessId: string,
    @Param('id') id: string,
    @Query() query: RecipientsQuery,
  ): Promise<RecipientPage> {
    return toRecipientPage(await this.campaigns.recipientsPage(businessId, id, KIND, query));
  }
}
