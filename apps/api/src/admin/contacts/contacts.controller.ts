import { Body, Controller, Get, NotFoundException, Param, Patch, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { AppConfig } from '@app/config';
import { ContactsRepository } from '@app/database';
import { ApiErrors } from '../../errors/api-errors.decorator';
import { badRequest, requirePhone } from '../bad-request';
import { ContactList, ContactResponse, toContactView } from './contact.response';
import { ListContactsQuery, UpdateContactDto } from './contacts.dto';
import { isValidTimezone } from '@app/common';

/** The people on the other end: who opted out (and how), and each one's time zone for quiet hours. */
@Controller('api/contacts')
@ApiErrors(401)
export class ContactsController {
  constructor(
    private readonly config: AppConfig,
    private readonly contacts: ContactsRepository,
  ) {}

  @Get()
  @ApiOkResponse({ type: ContactList, description: 'Newest first.' })
  @ApiErrors(400)
  async list(@Query() query: ListContactsQuery): Promise<ContactList> {
    const items = await this.contacts.list({ optedOut: query.optedOut }, query.limit ?? 50, query.offset ?? 0);
    return { items: items.map(toContactView) };
  }

  @Get(':phone')
  @ApiOkResponse({ type: ContactResponse })
  @ApiErrors(400, 404)
  async get(@Param('phone') raw: string): Promise<ContactResponse> {
    const phone = requirePhone('phone', raw, this.config.defaultCountry);
    const contact = await this.contacts.findByPhone(phone);
    if (!contact) throw new NotFoundException(`No contact ${phone}`);
    return toContactView(contact);
  }

  /** Sets a time zone or opts out / back in by hand; creates the contact if it is new. */
  @Patch(':phone')
  @ApiOkResponse({ type: ContactResponse })
  @ApiErrors(400)
  async update(@Param('phone') raw: string, @Body() dto: UpdateContactDto): Promise<ContactResponse> {
    const phone = requirePhone('phone', raw, this.config.defaultCountry);
    if (dto.timezone != null && !isValidTimezone(dto.timezone))
      throw badRequest('timezone must be an IANA time zone like America/Chicago');
    return toContactView(await this.contacts.edit(phone, { timezone: dto.timezone, optedOut: dto.optedOut }));
  }
}
