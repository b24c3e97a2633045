import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { QueueModule } from '@app/queue';
import { AuthLockout } from './auth-lockout';
import { DashboardSessions } from './dashboard-sessions';
import { RequestAuthenticator } from './request-authenticator';
import { SessionStore } from './session-store';

/** Who a request is: keys, the lockout of wrong ones, and the browser sessions (the board's and the dashboard's). */
@Module({
  imports: [ConfigModule, DatabaseModule, QueueModule],
  providers: [AuthLockout, SessionStore, DashboardSessions, RequestAuthenticator],
  exports: [AuthLockout, SessionStore, DashboardSessions, RequestAuthenticator],
})
export class AuthModule {}
