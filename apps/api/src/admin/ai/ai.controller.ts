import { BadGatewayException, Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { AppConfig } from '@app/config';
import { MessagesRepository, SettingsRepository, toMessageView } from '@app/database';
import { AiReplyService, AiSettings, OutboundMessagesService } from '@app/messaging';
import { ApiErrors } from '../../errors/api-errors.decorator';
import { badRequest, requirePhone } from '../bad-request';
import { MessageResponse } from '../messages/message.response';
import { AiConfigDto, AiSendDto, AiTestDto } from './ai.dto';
import { AiConfigResponse, AiTestResponse } from './ai.response';

const NO_MESSAGE = '00000000-0000-0000-0000-000000000000';
const maskKey = (key: string | null) => (key ? `${key.slice(0, 3)}…${key.slice(-4)}` : null);

@Controller('api/ai')
@ApiErrors(401)
export class AiController {
  constructor(
    private readonly config: AppConfig,
    private readonly settings: SettingsRepository,
    private readonly aiReplies: AiReplyService,
    private readonly messages: MessagesRepository,
    private readonly outbound: OutboundMessagesService,
  ) {}

  @Get('config')
  @ApiOkResponse({ type: AiConfigResponse })
  async get(): Promise<AiConfigResponse> {
    return this.view(await this.aiReplies.current());
  }

  /** Changes win over env from now on (source = api); enabling AI turns auto-reply off. */
  @Post('config')
  @HttpCode(200)
  @ApiOkResponse({ type: AiConfigResponse })
  @ApiErrors(400)
  async set(@Body() dto: AiConfigDto): Promise<AiConfigResponse> {
    const targetNumber =
      typeof dto.targetNumber === 'string'
        ? requirePhone('targetNumber', dto.targetNumber, this.config.defaultCountry)
        : dto.targetNumber;
    const saved = await this.settings.setAi({ ...dto, ...(targetNumber !== undefined ? { targetNumber } : {}) }, 'api');
    return this.view(saved);
  }

  /** Asks the model with the configured prompt; nothing is sent or stored. */
  @Post('test')
  @HttpCode(200)
  @ApiOkResponse({ type: AiTestResponse })
  @ApiErrors(400, 502)
  async test(@Body() dto: AiTestDto): Promise<AiTestResponse> {
    const settings = await this.aiReplies.current();
    const unavailable = this.aiReplies.unavailableReason(settings);
    if (unavailable) throw badRequest(`AI is not available: ${unavailable}`);
    try {
      return { reply: await this.aiReplies.test(settings, dto.prompt), model: settings.model };
    } catch (error) {
      throw new BadGatewayException(`The model failed: ${(error as Error).message}`);
    }
  }

  /**
   * Generates a message with the conversation's context and sends it to `to`
   * (default: the configured target number). `prompt` is what the model answers;
   * without it, the participant's last inbound message is.
   */
  @Post('send')
  @ApiCreatedResponse({ type: MessageResponse, description: 'The queued message (status pending).' })
  @ApiErrors(400)
  async send(@Body() dto: AiSendDto): Promise<MessageResponse> {
    const settings = await this.aiReplies.current();
    const unavailable = this.aiReplies.unavailableReason(settings);
    if (unavailable) throw badRequest(`AI is not available: ${unavailable}`);
    const rawTo = dto.to ?? settings.targetNumber;
    if (!rawTo) throw badRequest('to is required (no targetNumber is configured)');
    const to = requirePhone('to', rawTo, this.config.defaultCountry);
    const [lastInbound] = (await this.messages.list({ participant: to, direction: 'inbound' }, 1)).items;
    const prompt = dto.prompt ?? lastInbound?.body;
    if (!prompt) throw badRequest('prompt is required (no inbound message from this number to answer)');
    // The answered inbound message is the prompt, so it must not also appear as history.
    const answered = dto.prompt ? NO_MESSAGE : (lastInbound?.id ?? NO_MESSAGE);
    const history = await this.aiReplies.historyFor({ id: answered, from: to, createdAt: new Date() });
    const { text } = await this.aiReplies.replyFor(settings, prompt, history);
    const message = await this.outbound.queueText({
      to,
      body: text,
      from: lastInbound?.to,
      channel: lastInbound?.channel,
      source: 'ai',
    });
    return toMessageView(message);
  }

  private view(settings: AiSettings): AiConfigResponse {
    const reason = this.aiReplies.unavailableReason(settings);
    return {
      enabled: settings.enabled,
      apiKey: maskKey(settings.apiKey),
      apiKeySet: Boolean(settings.apiKey || this.config.openai.apiKey),
      systemPrompt: settings.systemPrompt,
      model: settings.model,
      temperature: settings.temperature,
      targetNumber: settings.targetNumber,
      source: settings.source,
      enabledSince: settings.enabledSince,
      active: settings.enabled && !reason,
      unavailableReason: reason,
    };
  }
}
