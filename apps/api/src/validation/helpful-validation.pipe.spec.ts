import { BadRequestException, type Type } from '@nestjs/common';
import { ArrayMaxSize, IsInt, ValidateNested } from 'class-validator';
import { Type as TransformTo } from 'class-transformer';
import { AutoReplyConfigDto } from '../admin/auto-reply/auto-reply.dto';
import { CreateCampaignDto, UpdateCampaignDto } from '../admin/campaigns/campaigns.dto';
import { ListMessagesQuery, SendMessageDto } from '../admin/messages/messages.dto';
import { HelpfulValidationPipe } from './helpful-validation.pipe';
import { validationMessages } from './validation-messages';

/** The pipe as bootstrap.ts configures it. */
const pipe = new HelpfulValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
});

/** What the pipe answers for `value` posted as a `dto`: its 400's body, or the value it lets through. */
async function answer(dto: Type, value: unknown): Promise<{ refused: unknown } | { passed: unknown }> {
  try {
    return { passed: await pipe.transform(value, { type: 'body', metatype: dto }) };
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return { refused: error.getResponse() };
  }
}

async function messages(dto: Type, value: unknown): Promise<string[]> {
  const result = await answer(dto, value);
  if (!('refused' in result)) throw new Error(`Expected a 400 for ${JSON.stringify(value)}`);
  return (result.refused as { message: string[] }).message;
}

const CAMPAIGN = { name: 'Spring', body: 'Hi', recipients: ['+15557654321'] };

describe('HelpfulValidationPipe', () => {
  it('answers in badRequest()’s shape', async () => {
    expect(await answer(SendMessageDto, {})).toEqual({
      refused: {
        statusCode: 400,
        error: 'Bad Request',
        message: ['to is required', 'body is required unless a template (contentSid) or mediaUrls is given'],
      },
    });
  });

  it('says once that a field is missing, in the order the DTO declares its fields', async () => {
    expect(await messages(SendMessageDto, {})).toEqual([
      'to is required',
      'body is required unless a template (contentSid) or mediaUrls is given',
    ]);
    expect(await messages(SendMessageDto, { to: '+15557654321' })).toEqual([
      'body is required unless a template (contentSid) or mediaUrls is given',
    ]);
    expect(await messages(CreateCampaignDto, {})).toEqual([
      'name is required',
      'body is required unless a template (contentSid) is given',
      'recipients is required',
    ]);
    // A body that is not an object at all is a body without the fields.
    expect(await messages(SendMessageDto, null)).toEqual([
      'to is required',
      'body is required unless a template (contentSid) or mediaUrls is given',
    ]);
  });

  it('keeps a rule’s own message when it already says what is required', async () => {
    expect(await messages(AutoReplyConfigDto, { enabled: true })).toEqual([
      'message is required when auto-reply is enabled',
    ]);
  });

  it('gives a value of the wrong type the message of its type, not one per rule it breaks', async () => {
    expect(await messages(SendMessageDto, { to: 5, body: ['x'], mediaUrls: 'x' })).toEqual([
      'to must be a string',
      'body must be a string',
      'mediaUrls must be an array of URLs',
    ]);
    expect(await messages(ListMessagesQuery, { limit: 'many' })).toEqual(['limit must be an integer number']);
  });

  it('still says what is wrong with a value of the right type', async () => {
    expect(await messages(SendMessageDto, { to: '+15557654321', body: '   ' })).toEqual(['body should not be empty']);
    expect(await messages(SendMessageDto, { to: '+15557654321', body: 'x'.repeat(1601) })).toEqual([
      'body must be shorter than or equal to 1600 characters',
    ]);
    expect(await messages(SendMessageDto, { to: '+15557654321', body: 'x', mediaUrls: ['nope'] })).toEqual([
      'mediaUrls.0 must be an https URL of at most 2084 characters, like https://example.com/photo.jpg',
    ]);
  });

  it('leads with the field a typo most likely meant, and still says that field is missing, once', async () => {
    expect(await messages(SendMessageDto, { too: '+15557654321', body: 'hi' })).toEqual([
      'property too should not exist — did you mean `to`?',
      'to is required',
    ]);
    expect(await messages(SendMessageDto, { too: '+15557654321' })).toEqual([
      'property too should not exist — did you mean `to`?',
      'to is required',
      'body is required unless a template (contentSid) or mediaUrls is given',
    ]);
    expect(await messages(ListMessagesQuery, { limt: '5' })).toEqual([
      'property limt should not exist — did you mean `limit`?',
    ]);
    expect(await messages(SendMessageDto, { to: '+15557654321', body: 'x', send_at: '2030-01-01T00:00:00Z' })).toEqual([
      'property send_at should not exist — did you mean `sendAt`?',
    ]);
  });

  it('names an unknown field nothing resembles after the fields’ problems, without a guess', async () => {
    expect(await messages(SendMessageDto, { colour: 'red' })).toEqual([
      'to is required',
      'body is required unless a template (contentSid) or mediaUrls is given',
      'property colour should not exist',
    ]);
  });

  it('guesses only among the fields the body left out', async () => {
    expect(await messages(SendMessageDto, { to: '+15557654321', too: 'x', body: 'hi' })).toEqual([
      'property too should not exist',
    ]);
  });

  it('names nested fields by their path, typos included', async () => {
    expect(await messages(CreateCampaignDto, { ...CAMPAIGN, quietHours: { start: '9pm', end: '08:00' } })).toEqual([
      'quietHours.start must be HH:MM (24h)',
    ]);
    expect(await messages(CreateCampaignDto, { ...CAMPAIGN, quietHours: { strat: '21:00', end: '08:00' } })).toEqual([
      'property quietHours.strat should not exist — did you mean `quietHours.start`?',
      'quietHours.start is required',
    ]);
  });

  it('still stops at Nest’s maxErrorMessagesLength, and says so', async () => {
    const short = new HelpfulValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      maxErrorMessagesLength: 60,
    });
    const junk = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`junk${i}`, i]));
    let refused: unknown;
    await short.transform(junk, { type: 'body', metatype: SendMessageDto }).catch((e: BadRequestException) => {
      refused = e.getResponse();
    });
    expect(refused).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: [
        'property junk0 should not exist',
        'property junk1 should not exist',
        'Further validation errors were omitted',
      ],
    });
  });

  describe('quietHours', () => {
    it('takes QUIET_HOURS’s text and makes it the same object', async () => {
      const quietHours = { start: '21:00', end: '08:00' };
      expect(await answer(CreateCampaignDto, { ...CAMPAIGN, quietHours: '21:00-08:00' })).toEqual({
        passed: { ...CAMPAIGN, quietHours },
      });
      expect(await answer(UpdateCampaignDto, { quietHours: ' 21:00 - 08:00 ' })).toEqual({ passed: { quietHours } });
    });

    it('refuses a text it cannot read, naming the field and both forms', async () => {
      for (const text of ['21:00', '25:00-08:00', '9pm-8am', '10:00-10:00', '21:00-08:00-09:00']) {
        expect(await messages(CreateCampaignDto, { ...CAMPAIGN, quietHours: text })).toEqual([
          'quietHours must look like 21:00-08:00 (start and end differ), or be an object {start, end, timezone?}',
        ]);
      }
      for (const value of ['', 5, true, null]) {
        expect(await messages(CreateCampaignDto, { ...CAMPAIGN, quietHours: value })).toEqual([
          'quietHours must be an object {start, end, timezone?} or text like 21:00-08:00',
        ]);
      }
    });

    it('still clears them with null on PATCH', async () => {
      expect(await answer(UpdateCampaignDto, { quietHours: null })).toEqual({ passed: { quietHours: null } });
    });
  });
});

describe('validationMessages', () => {
  class Item {
    @IsInt() count: number;
  }
  class Order {
    @ArrayMaxSize(1) @ValidateNested({ each: true }) @TransformTo(() => Item) items: Item[];
  }

  it('does not take a given array or object for a missing field', async () => {
    // Nest's pipe deletes the `value` of an error that has children (the array given here).
    expect(await messages(Order, { items: [{ count: 'x' }, { count: 1 }] })).toEqual([
      'items must contain no more than 1 elements',
      'items.0.count must be an integer number',
    ]);
  });

  it('says nothing twice', () => {
    const each = { isUrl: 'each value in mediaUrls must be a URL address' };
    expect(
      validationMessages([
        { property: 'mediaUrls', value: ['a'], constraints: each },
        { property: 'mediaUrls', value: ['b'], constraints: each },
      ]),
    ).toEqual(['each value in mediaUrls must be a URL address']);
  });

  it('suggests nothing without the object the error was found in', () => {
    expect(
      validationMessages([
        { property: 'too', value: 'x', constraints: { whitelistValidation: 'property too should not exist' } },
      ]),
    ).toEqual(['property too should not exist']);
  });
});
