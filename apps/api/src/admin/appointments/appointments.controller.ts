import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { ContactsRepository } from '@app/database';
import { AppointmentsService, BusinessDefaults } from '@app/messaging';
import { CurrentBusiness } from '../../auth/current-business.decorator';
import { ApiErrors } from '../../errors/api-errors.decorator';
import { requirePhone } from '../bad-request';
import { AppConfig } from '@app/config';
import { AppointmentList, AppointmentResponse, toAppointmentResponse } from './appointment.response';
import { SlotTakenResponse } from './slot-taken.response';
import { CreateAppointmentDto, ListAppointmentsQuery, UpdateAppointmentDto } from './appointments.dto';

const at = (value: string | undefined) => (value === undefined ? undefined : new Date(value));

@Controller('api/appointments')
@ApiErrors(401)
export class AppointmentsController {
  constructor(
    private readonly config: AppConfig,
    private readonly appointments: AppointmentsService,
    private readonly contacts: ContactsRepository,
    private readonly defaults: BusinessDefaults,
  ) {}

  @Get()
  @ApiOkResponse({ type: AppointmentList, description: 'In time order.' })
  @ApiErrors(400)
  async list(@CurrentBusiness() businessId: string, @Query() query: ListAppointmentsQuery): Promise<AppointmentList> {
    const phone = query.contact ? requirePhone('contact', query.contact, this.config.defaultCountry) : undefined;
    const contact = phone ? await this.contacts.findByPhone(businessId, phone) : undefined;
    if (phone && !contact) return { items: [] };
    const items = await this.appointments.list(
      {
        businessId,
        contactId: contact?.id,
        from: at(query.from),
        to: at(query.to),
        status: query.status,
        isEmergency: query.emergency,
      },
      query.limit ?? 50,
      query.offset ?? 0,
    );
    const { timezone } = await this.defaults.of(businessId);
    return { items: items.map((a) => toAppointmentResponse(a, timezone)) };
  }

  @Post()
  @ApiCreatedResponse({ type: AppointmentResponse })
  @ApiConflictResponse({
    type: SlotTakenResponse,
    description: 'The time is taken (or the day full): the next free slots.',
  })
  @ApiErrors(400)
  async create(@CurrentBusiness() businessId: string, @Body() dto: CreateAppointmentDto): Promise<AppointmentResponse> {
    const booked = await this.appointments.book(businessId, {
      ...dto,
      phone: requirePhone('phone', dto.phone, this.config.defaultCountry),
      startsAt: new Date(dto.startsAt),
      source: 'api',
    });
    return toAppointmentResponse(booked, (await this.defaults.of(businessId)).timezone);
  }

  @Get(':id')
  @ApiOkResponse({ type: AppointmentResponse })
  @ApiErrors(404)
  async get(@CurrentBusiness() businessId: string, @Param('id') id: string): Promise<AppointmentResponse> {
    const found = await this.appointments.get(businessId, id);
    return toAppointmentResponse(found, (await this.defaults.of(businessId)).timezone);
  }

  @Patch(':id')
  @ApiOkResponse({ type: AppointmentResponse })
  @ApiConflictResponse({ type: SlotTakenResponse, description: 'The new time is taken (or the day full).' })
  @ApiErrors(400, 404)
  async update(
    @CurrentBusiness() businessId: string,
    @Param('id') id: string,
    @Body() dto: UpdateAppointmentDto,
  ): Promise<AppointmentResponse> {
    const changed = await this.appointments.change(businessId, id, { ...dto, startsAt: at(dto.startsAt) });
    return toAppointmentResponse(changed, (await this.defaults.of(businessId)).timezone);
  }
}
