import { Body, Controller, Get, NotFoundException, Put, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { Clock } from '@app/common';
import { AvailabilityService, BusinessDefaults } from '@app/messaging';
import { CurrentBusiness } from '../../auth/current-business.decorator';
import { ApiErrors } from '../../errors/api-errors.decorator';
import { PutAvailabilityDto, SlotsQuery } from './availability.dto';
import { AvailabilityResponse, SlotList, toAvailabilityResponse, toSlotResponse } from './availability.response';

const DAY_MS = 86_400_000;

@Controller('api/availability')
@ApiErrors(401)
export class AvailabilityController {
  constructor(
    private readonly availability: AvailabilityService,
    private readonly defaults: BusinessDefaults,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOkResponse({ type: AvailabilityResponse })
  @ApiErrors(404)
  async get(@CurrentBusiness() businessId: string): Promise<AvailabilityResponse> {
    const rules = await this.availability.rules(businessId);
    if (!rules) throw new NotFoundException('No opening hours yet: PUT /api/availability sets them');
    return toAvailabilityResponse(rules);
  }

  @Put()
  @ApiOkResponse({ type: AvailabilityResponse, description: 'Replaced whole.' })
  @ApiErrors(400)
  async put(@CurrentBusiness() businessId: string, @Body() dto: PutAvailabilityDto): Promise<AvailabilityResponse> {
    return toAvailabilityResponse(
      await this.availability.put(businessId, {
        ...dto,
        weeklyHours: dto.weeklyHours,
      }),
    );
  }

  @Get('slots')
  @ApiOkResponse({ type: SlotList, description: 'Free slots in time order; none without opening hours.' })
  @ApiErrors(400)
  async slots(@CurrentBusiness() businessId: string, @Query() query: SlotsQuery): Promise<SlotList> {
    const now = this.clock.now();
    const from = query.from ? new Date(query.from) : now;
    const to = query.to ? new Date(query.to) : new Date(from.getTime() + 14 * DAY_MS);
    const [slots, { timezone }] = await Promise.all([
      this.availability.slots(businessId, { from, to, now }, query.limit ?? 50),
      this.defaults.of(businessId),
    ]);
    return { items: slots.map((slot) => toSlotResponse(slot, timezone)), timezone };
  }
}
