import { Injectable, NotFoundException } from '@nestjs/common';
import { Call, CallOutcome, CallsRepository } from '@app/database';

/** Calls as the admin API shows them: one business's, newest first; another's is not found. */
@Injectable()
export class CallRecordsService {
  constructor(private readonly calls: CallsRepository) {}

  list(businessId: string, limit: number, offset: number, outcome?: CallOutcome): Promise<Call[]> {
    return this.calls.list(businessId, limit, offset, outcome);
  }

  async get(businessId: string, callSid: string): Promise<Call> {
    const call = await this.calls.find(businessId, callSid);
    if (!call) throw new NotFoundException(`No call ${callSid}`);
    return call;
  }
}
