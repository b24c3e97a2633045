import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { AuthModule } from '../auth/auth.module';
import { SessionController } from './session.controller';
import { SessionService } from './session.service';

/** The dashboard's sign-in: POST/GET /api/session and its logout. */
@Module({
  imports: [ConfigModule, DatabaseModule, AuthModule],
  controllers: [SessionController],
  providers: [SessionService],
})
export class SessionModule {}
