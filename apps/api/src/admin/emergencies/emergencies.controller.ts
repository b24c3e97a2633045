import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { BusinessDefaults, EmergencyService } from '@app/messaging';
import { CurrentBusiness } from '../../auth/current-business.decorator';
import { ApiErrors } from '../../errors/api-errors.decorator';
import { ListEmergenciesQuery } from './emergencies.dto';
import { EmergencyList, toEmergencyResponse } from './emergency.response';

const at = (value: string | undefined) => (value === undefined ? undefined : new Date(value));

/** The business's emergencies, read-only: raised by customers' texts, never made here. */
@Controller('api/emergencies')
@ApiErrors(401)
export class EmergenciesController {
  constructor(
    private readonly emergencies: EmergencyService,
    private readonly defaults: BusinessDefaults,
  ) {}

  /** Newest first; `from`/`to` select by when it was raised. */
  @Get()
  @ApiOkResponse({ type: EmergencyList })
  @ApiErrors(400)
  async list(@CurrentBusiness() businessId: string, @Query() query: ListEmergenciesQuery): Promise<EmergencyList> {
    const [items, { timezone }] = await Promise.all([
      this.emergencies.list(
        { businessId, from: at(query.from), to: at(query.to) },
        query.limit ?? 50,
        query.offset ?? 0,
      ),
      this.defaults.of(businessId),
    ]);
    return { items: items.map((e) => toEmergencyResponse(e, timezone)) };
  }
}
