import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { CallRecordsService } from '@app/messaging';
import { CurrentBusiness } from '../../auth/current-business.decorator';
import { ApiErrors } from '../../errors/api-errors.decorator';
import { ListCallsQuery } from './calls.dto';
import { CallList, CallResponse, toCallResponse, toCallSummary } from './call.response';

/** The business's phone calls, read-only: made by callers, never here. */
@Controller('api/calls')
@ApiErrors(401)
export class CallsController {
  constructor(private readonly calls: CallRecordsService) {}

  /** Newest first. */
  @Get()
  @ApiOkResponse({ type: CallList })
  @ApiErrors(400)
  async list(@CurrentBusiness() businessId: string, @Query() query: ListCallsQuery): Promise<CallList> {
    const items = await this.calls.list(businessId, query.limit ?? 50, query.offset ?? 0, query.outcome);
    return { items: items.map(toCallSummary) };
  }

  /** One call with its transcript; another business's is a 404. */
  @Get(':sid')
  @ApiOkResponse({ type: CallResponse })
  @ApiErrors(404)
  async get(@CurrentBusiness() businessId: string, @Param('sid') sid: string): Promise<CallResponse> {
    return toCallResponse(await this.calls.get(businessId, sid));
  }
}
