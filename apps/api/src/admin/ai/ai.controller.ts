import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CurrentBusiness } from '../../auth/current-business.decorator';
import { ApiErrors } from '../../errors/api-errors.decorator';
import { MessageResponse, toMessageResponse } from '../messages/message.response';
import { AiConfigDto, AiSendDto, AiTestDto } from './ai.dto';
import { AiConfigResponse, AiTestResponse, toAiConfigResponse } from './ai.response';
import { AiService } from './ai.service';

@Controller('api/ai')
@ApiErrors(401)
export class AiController {
  constructor(private readonly ai: AiService) {}

  @Get('config')
  @ApiOkResponse({ type: AiConfigResponse })
  async get(@CurrentBusiness() businessId: string): Promise<AiConfigResponse> {
    return toAiConfigResponse(await this.ai.state(businessId));
  }

  /** Changes win over env from now on (source = api); enabling AI turns auto-reply off. */
  @Post('config')
  @HttpCode(200)
  @ApiOkResponse({ type: AiConfigResponse })
  @ApiErrors(400)
  async set(@CurrentBusiness() businessId: string, @Body() dto: AiConfigDto): Promise<AiConfigResponse> {
    return toAiConfigResponse(await this.ai.configure(businessId, dto));
  }

  /** Asks the model with the configured prompt; nothing is sent or stored. */
  @Post('test')
  @HttpCode(200)
  @ApiOkResponse({ type: AiTestResponse })
  @ApiErrors(400, 502)
  test(@CurrentBusiness() businessId: string, @Body() dto: AiTestDto): Promise<AiTestResponse> {
    return this.ai.test(businessId, dto.prompt);
  }

  /**
   * Generates a message with the conversation's context and sends it to `to`
   * (default: the configured target number). `prompt` is what the model answers;
   * without it, the participant's last inbound message is.
   */
  @Post('send')
  @ApiCreatedResponse({ type: MessageResponse, description: 'The queued message (status pending).' })
  @ApiErrors(400)
  async send(@CurrentBusiness() businessId: string, @Body() dto: AiSendDto): Promise<MessageResponse> {
    return toMessageResponse(await this.ai.send(businessId, dto));
  }

  /** The chat app's name for the same action. */
  @Post('reply')
  @ApiOperation({ summary: 'Alias of POST /api/ai/send' })
  @ApiCreatedResponse({ type: MessageResponse, description: 'The queued message (status pending).' })
  @ApiErrors(400)
  reply(@CurrentBusiness() businessId: string, @Body() dto: AiSendDto): Promise<MessageResponse> {
    return this.send(businessId, dto);
  }
}
