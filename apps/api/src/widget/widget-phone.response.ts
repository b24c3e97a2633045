import { ApiProperty } from '@nestjs/swagger';

export class WidgetCodeSent {
  @ApiProperty({ type: String, example: '+1212***1234', description: 'The number texted, masked.' })
  to: string;

  @ApiProperty({ type: Number, example: 600, description: 'How long the code is good for.' })
  expiresInSeconds: number;
}

export class WidgetVisitorPhone {
  @ApiProperty({
    type: String,
    nullable: true,
    example: '+1212***1234',
    description: 'The number the visitor proved, masked; null when they have not.',
  })
  phone: string | null;
}
