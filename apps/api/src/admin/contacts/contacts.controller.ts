import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { Clock } from '@app/common';
import { AppointmentsService, BusinessDefaults } from '@app/messaging';
import { CurrentBusiness } from '../../auth/current-business.decorator';
import { ApiErrors } from '../../errors/api-errors.decorator';
import { toAppointmentResponse } from '../appointments/appointment.response';
import { ContactDetailResponse, ContactList, ContactResponse, toContactResponse } from './contact.response';
import { ListContactsQuery, UpdateContactDto } from './contacts.dto';
import { ContactsService } from './contacts.service';

/** How many upcoming appointments a contact's page shows. */
const UPCOMING_SHOWN = 20;

/** The people on the other end: who opted out (and how), and each one's time zone for quiet hours. */
@Controller('api/contacts')
@ApiErrors(401)
export class ContactsController {
  constructor(
    private readonly contacts: ContactsService,
    private readonly appointments: AppointmentsService,
    private readonly defaults: BusinessDefaults,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOkResponse({ type: ContactList, description: 'Newest first.' })
  @ApiErrors(400)
  async list(@CurrentBusiness() businessId: string, @Query() query: ListContactsQuery): Promise<ContactList> {
    const items = await this.contacts.list(
      businessId,
      { optedOut: query.optedOut },
      query.limit ?? 50,
      query.offset ?? 0,
    );
    return { items: items.map(toContactResponse) };
  }

  @Get(':phone')
  @ApiOkResponse({ type: ContactDetailResponse })
  @ApiErrors(400, 404)
  async get(@CurrentBusiness() businessId: string, @Param('phone') phone: string): Promise<ContactDetailResponse> {
    const contact = await this.contacts.get(businessId, phone);
    const [upcoming, { timezone }] = await Promise.all([
      this.appointments.list(
        { businessId, contactId: contact.id, status: 'booked', from: this.clock.now() },
        UPCOMING_SHOWN,
        0,
      ),
      this.defaults.of(businessId),
    ]);
    return {
      ...toContactResponse(contact),
      upcomingAppointments: upcoming.map((a) => toAppointmentResponse(a, timezone)),
    };
  }

  /** Sets a time zone or the CRM fields, or opts out / back in by hand; creates the contact if it is new. */
  @Patch(':phone')
  @ApiOkResponse({ type: ContactResponse })
  @ApiErrors(400)
  async update(
    @CurrentBusiness() businessId: string,
    @Param('phone') phone: string,
    @Body() dto: UpdateContactDto,
  ): Promise<ContactResponse> {
    return toContactResponse(
      await this.contacts.update(businessId, phone, {
        timezone: dto.timezone,
        optedOut: dto.optedOut,
        name: dto.name,
        email: dto.email,
        address: dto.address,
        notes: dto.notes,
        tags: dto.tags,
      }),
    );
  }
}
