import { SegmentedMessage } from 'sms-segments-calculator';

export interface SegmentInfo {
  /** GSM-7 (160 chars, 153 per part) or UCS-2 (70, 67 per part) — one emoji switches a whole text to UCS-2. */
  encoding: 'GSM-7' | 'UCS-2';
  /** Billed SMS segments. */
  segments: number;
  characters: number;
}

/** What a text costs as SMS, computed with Twilio's own segment calculator. */
export function countSegments(body: string): SegmentInfo {
  const message = new SegmentedMessage(body, 'auto');
  return {
    encoding: message.encodingName === 'UCS-2' ? 'UCS-2' : 'GSM-7',
    segments: message.segmentsCount,
    characters: message.numberOfCharacters,
  };
}
