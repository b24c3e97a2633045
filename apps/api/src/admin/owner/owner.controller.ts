import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { OwnerViewsService } from '@app/messaging';
import { CurrentBusiness } from '../../auth/current-business.decorator';
import { ApiErrors } from '../../errors/api-errors.decorator';
import { OwnerDayQuery } from './owner.dto';
import { ScheduleResponse, toScheduleResponse } from './schedule.response';
import { SummaryResponse, toSummaryResponse } from './summary.response';

/** The owner's day, for the business the request acts for: what is on, and how it went. */
@Controller('api/owner')
@ApiErrors(401)
export class OwnerController {
  constructor(private readonly views: OwnerViewsService) {}

  /** The day's booked and completed appointments, earliest first, with a sentence to read out. */
  @Get('schedule')
  @ApiOkResponse({ type: ScheduleResponse })
  @ApiErrors(400)
  async schedule(@CurrentBusiness() businessId: string, @Query() query: OwnerDayQuery): Promise<ScheduleResponse> {
    return toScheduleResponse(await this.views.schedule(businessId, query.date));
  }

  /** The day's new bookings, cancellations, emergencies, inbound messages and unanswered conversations. */
  @Get('summary')
  @ApiOkResponse({ type: SummaryResponse })
  @ApiErrors(400)
  async summary(@CurrentBusiness() businessId: string, @Query() query: OwnerDayQuery): Promise<SummaryResponse> {
    return toSummaryResponse(await this.views.summary(businessId, query.date));
  }
}
