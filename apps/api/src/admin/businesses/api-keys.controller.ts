import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { ApiErrors } from '../../errors/api-errors.decorator';
import { ApiKeyCreatedResponse, ApiKeyList, toApiKeyCreatedResponse, toApiKeyResponse } from './api-key.response';
import { CreateApiKeyDto } from './businesses.dto';
import { BusinessesService } from './businesses.service';
import { PlatformOnly } from '../../auth/platform-only.decorator';

/** A business's own API keys (platform key only): made, listed without secrets, revoked. */
@PlatformOnly()
@Controller('api/businesses/:id/api-keys')
@ApiErrors(401)
export class ApiKeysController {
  constructor(private readonly businesses: BusinessesService) {}

  /** The key is in this answer only: it is stored as its SHA-256. */
  @Post()
  @ApiCreatedResponse({ type: ApiKeyCreatedResponse })
  @ApiErrors(400, 404)
  async create(@Param('id') id: string, @Body() dto: CreateApiKeyDto): Promise<ApiKeyCreatedResponse> {
    const { info, key } = await this.businesses.createApiKey(id, dto.name);
    return toApiKeyCreatedResponse(info, key);
  }

  @Get()
  @ApiOkResponse({ type: ApiKeyList })
  @ApiErrors(404)
  async list(@Param('id') id: string): Promise<ApiKeyList> {
    return { items: (await this.businesses.listApiKeys(id)).map(toApiKeyResponse) };
  }

  /** Revokes the key (revokedAt is set; again is fine). Another business's key is a 404, like an unknown one. */
  @Delete(':keyId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiErrors(404)
  async revoke(@Param('id') id: string, @Param('keyId') keyId: string): Promise<void> {
    await this.businesses.revokeApiKey(id, keyId);
  }
}
