import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class CreateSessionDto {
  /** The platform key (ADMIN_API_KEY) or a business's own key (`sbk_…`). Never stored, logged or returned. */
  @IsString() @IsNotEmpty() @MaxLength(512) apiKey: string;
}
