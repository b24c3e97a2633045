import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BusinessQuery } from '../auth/business-query.decorator';
import { CurrentBusiness } from '../auth/current-business.decorator';
import { ApiErrors } from '../errors/api-errors.decorator';
import { ErrorResponse } from '../errors/error.response';
import {
  AppointmentEventData,
  CampaignEventData,
  MessageEventData,
  ResetEventData,
  StatusEventData,
} from './events.response';
import { EventsQuery } from './events.query';
import { EventsService } from './events.service';

const STREAM_DESCRIPTION = `Server-Sent Events for the business the request acts for (the session's, the key's, or X-Business-Id's / \`business\`'s for the platform). Each event has an \`id:\` (send it back as Last-Event-ID to resume), a name and one line of JSON data:

- \`message\`: a message was stored (an inbound text, call or chat turn; an outbound message created to be sent) — MessageEventData
- \`status\`: a message's status moved — StatusEventData
- \`campaign\`: a campaign or Multi-SMS batch changed state or its recipients moved on (about once a second at most) — CampaignEventData
- \`appointment\`: an appointment was booked, changed or cancelled — AppointmentEventData
- \`reset\` (no id): the Last-Event-ID given is no longer kept (about the last 1,000 events of the last hour are), so events may have been missed: reload what is shown — ResetEventData

A comment (\`: keep-alive\`) comes every 15 s. The stream ends when the session or key stops being valid (checked every 15 s), and when the server shuts down; the browser's EventSource reconnects by itself with Last-Event-ID.`;

/** The dashboard's live updates. */
@Controller('api/events')
@ApiExtraModels(MessageEventData, StatusEventData, CampaignEventData, AppointmentEventData, ResetEventData)
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @BusinessQuery('business')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description:
      'The id of the last event received: the events after it are sent first (EventSource sends it on reconnect).',
  })
  @ApiOkResponse({
    description: STREAM_DESCRIPTION,
    content: {
      'text/event-stream': {
        schema: {
          type: 'string',
          description: 'id: …, event: message | status | campaign | appointment | reset, data: one of these',
          // The data of each event, by name (a JSON Schema has no way to say "per SSE field").
          examples: [
            'id: 1764667800000-0\nevent: message\ndata: {"id":"…","phone":"+15557654321","direction":"inbound","status":"received","channel":"sms","createdAt":"…"}\n\n',
          ],
        },
      },
    },
  })
  @ApiErrors(401)
  @ApiTooManyRequestsResponse({
    type: ErrorResponse,
    description:
      'The business holds EVENTS_MAX_STREAMS_PER_BUSINESS streams on this server already (or the address is rate-limited)',
  })
  @ApiServiceUnavailableResponse({ type: ErrorResponse, description: 'Redis is unavailable' })
  async stream(
    @CurrentBusiness() businessId: string,
    @Query() query: EventsQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.events.open(
      { businessId, lastEventId: lastEventId ?? query.lastEventId, queryBusiness: query.business },
      request,
      reply,
    );
  }
}
