import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { RemindersService } from '@app/messaging';
import { CurrentBusiness } from '../../auth/current-business.decorator';
import { ApiErrors } from '../../errors/api-errors.decorator';
import { MessageResponse, toMessageResponse } from '../messages/message.response';
import { ReminderList, ReminderResponse, RUNS_SHOWN, toReminderResponse } from './reminder.response';
import { SchedulePreviewResponse } from './schedule-preview.response';
import { PageQuery } from '../page.query';
import { CreateReminderDto, PreviewScheduleDto, UpdateReminderDto } from './reminders.dto';

const date = (value: string | null | undefined) =>
  value === undefined ? undefined : value === null ? null : new Date(value);

@Controller('api/reminders')
@ApiErrors(401)
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Get()
  @ApiOkResponse({ type: ReminderList, description: 'Newest first.' })
  @ApiErrors(400)
  async list(@CurrentBusiness() businessId: string, @Query() query: PageQuery): Promise<ReminderList> {
    const reminders = await this.reminders.list(businessId, query.limit ?? 50, query.offset ?? 0);
    return { items: reminders.map(toReminderResponse) };
  }

  @Post()
  @ApiCreatedResponse({ type: ReminderResponse })
  @ApiErrors(400)
  async create(@CurrentBusiness() businessId: string, @Body() dto: CreateReminderDto): Promise<ReminderResponse> {
    return toReminderResponse(
      await this.reminders.create(businessId, { ...dto, startAt: date(dto.startAt), endAt: date(dto.endAt) }),
    );
  }

  /** A schedule tried before it is saved: its next runs, or the 400 a create with it would get. Stores nothing. */
  @Post('preview-schedule')
  @HttpCode(200)
  @ApiOkResponse({ type: SchedulePreviewResponse })
  @ApiErrors(400)
  previewSchedule(@Body() dto: PreviewScheduleDto): SchedulePreviewResponse {
    return {
      runs: this.reminders.previewSchedule({ ...dto, startAt: date(dto.startAt), endAt: date(dto.endAt) }, RUNS_SHOWN),
    };
  }

  @Get(':id')
  @ApiOkResponse({ type: ReminderResponse })
  @ApiErrors(404)
  async get(@CurrentBusiness() businessId: string, @Param('id') id: string): Promise<ReminderResponse> {
    return toReminderResponse(await this.reminders.get(businessId, id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: ReminderResponse })
  @ApiErrors(400, 404)
  async update(
    @CurrentBusiness() businessId: string,
    @Param('id') id: string,
    @Body() dto: UpdateReminderDto,
  ): Promise<ReminderResponse> {
    return toReminderResponse(
      await this.reminders.update(businessId, id, { ...dto, startAt: date(dto.startAt), endAt: date(dto.endAt) }),
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted; the messages it sent stay.' })
  @ApiErrors(404)
  async remove(@CurrentBusiness() businessId: string, @Param('id') id: string): Promise<void> {
    await this.reminders.remove(businessId, id);
  }

  /** One extra send now; the schedule is not moved. */
  @Post(':id/send-now')
  @ApiCreatedResponse({ type: MessageResponse, description: 'The queued message (status pending).' })
  @ApiErrors(404)
  async sendNow(@CurrentBusiness() businessId: string, @Param('id') id: string): Promise<MessageResponse> {
    return toMessageResponse(await this.reminders.sendNow(businessId, id));
  }
}
