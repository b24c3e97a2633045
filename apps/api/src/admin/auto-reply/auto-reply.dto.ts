import { IsBoolean, IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';
import { Trim } from '../validators';

export class AutoReplyConfigDto {
  @IsBoolean() enabled: boolean;
  @Trim()
  @ValidateIf((dto: AutoReplyConfigDto) => dto.enabled || dto.message !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'message is required when auto-reply is enabled' })
  @MaxLength(1600)
  message?: string;
}
