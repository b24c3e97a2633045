import { IsString, Length, Matches, MaxLength } from 'class-validator';
import { IsDateTime, IsOmittable, Trim } from '../admin/validators';

const VISITOR_ID = /^[A-Za-z0-9_-]{1,64}$/;
const VISITOR_ID_MESSAGE = 'visitorId must be 1 to 64 letters, digits, _ or -';
const PHONE_MESSAGE = 'phone must be a phone number, like +15551234567';

/** One message a visitor typed into the chat. */
export class WidgetMessageDto {
  /** The browser's own id for the visitor (the chat keeps one in localStorage); it means nothing outside this business. */
  @Matches(VISITOR_ID, { message: VISITOR_ID_MESSAGE }) visitorId: string;
  /** What the visitor wrote, 1 to 2,000 characters. */
  @Trim() @IsString() @Length(1, 2000, { message: 'text must be 1 to 2000 characters' }) text: string;
}

/** Which answers a chat asks for: its visitor's, stored after the last one it has. */
export class WidgetAnswersQuery {
  @Matches(VISITOR_ID, { message: VISITOR_ID_MESSAGE }) visitorId: string;
  /** The `createdAt` of the last answer the chat has (or the time of its message); default: the last 24 hours. */
  @IsOmittable() @IsDateTime() after?: string;
}

/** Which visitor: the chat's own id for them. */
export class WidgetVisitorQuery {
  @Matches(VISITOR_ID, { message: VISITOR_ID_MESSAGE }) visitorId: string;
}

/** A visitor asks for a code texted to the number they give. */
export class WidgetPhoneDto {
  @Matches(VISITOR_ID, { message: VISITOR_ID_MESSAGE }) visitorId: string;
  /** Their phone number: E.164, or national in the business's country. */
  @IsString({ message: PHONE_MESSAGE }) @MaxLength(24, { message: PHONE_MESSAGE }) phone: string;
}

/** A visitor types back the code texted to their number. */
export class WidgetPhoneCodeDto extends WidgetPhoneDto {
  /** The six digits texted to `phone`. */
  @Trim() @Matches(/^\d{6}$/, { message: 'code must be the 6 digits we texted' }) code: string;
}
