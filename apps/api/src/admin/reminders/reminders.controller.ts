import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { toMessageView } from '@app/database';
import { RemindersService } from '@app/messaging';
import { CreateReminderDto, ListRemindersQuery, UpdateReminderDto } from './reminders.dto';

const date = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : new Date(value));

@Controller('api/reminders')
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Get()
  async list(@Query() query: ListRemindersQuery) {
    return { items: await this.reminders.list(query.limit ?? 50, query.offset ?? 0) };
  }

  @Post()
  create(@Body() dto: CreateReminderDto) {
    return this.reminders.create({ ...dto, startAt: date(dto.startAt), endAt: date(dto.endAt) });
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.reminders.get(id);
  }

  @Patch(':id')
  update(@Param('id') id: string, @Body() dto: UpdateReminderDto) {
    return this.reminders.update(id, { ...dto, startAt: date(dto.startAt), endAt: date(dto.endAt) });
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.reminders.remove(id);
  }

  @Post(':id/send-now')
  async sendNow(@Param('id') id: string) {
    return toMessageView(await this.reminders.sendNow(id));
  }
}
