import { relative } from 'node:path';
import { StartupError } from '@app/config';
import { IncomingNumber, TwilioGateway } from '@app/twilio';
import {
  changedSince,
  connectPlan,
  mergeRecords,
  SETTING_LABELS,
  SettingChange,
  undoPlan,
  updateParams,
} from './connect-plan';
import { ConnectRecords } from './connect-record';

export interface ConnectOptions {
  baseUrl: string;
  fallbackUrl?: string;
  dryRun?: boolean;
}

/**
 * Points one of the account's numbers at this app (its messaging webhook), keeping a
 * record of what it replaced, and puts it back on undo. Everything it does is printed.
 */
export class NumberConnector {
  constructor(
    private readonly twilio: TwilioGateway,
    private readonly records: ConnectRecords,
    private readonly accountSid: string,
    private readonly print: (line: string) => void = console.log,
  ) {}

  async connect(phoneNumber: string, options: ConnectOptions): Promise<void> {
    const number = await this.find(phoneNumber);
    const changes = connectPlan(number, options);
    if (changes.length === 0) {
      this.print(
        `${describe(number)} already sends its messages to ${options.baseUrl}/twilio/inbound: nothing to change`,
      );
      return;
    }
    this.print(`${describe(number)}${options.dryRun ? ' would change (--dry-run: nothing was changed)' : ''}:`);
    this.printChanges(changes);
    if (options.dryRun) return;
    await this.twilio.updateIncomingNumber(number.sid, updateParams(changes));
    const earlier = this.records.read(this.accountSid, number.phoneNumber);
    const path = this.records.write({
      accountSid: this.accountSid,
      phoneNumber: number.phoneNumber,
      numberSid: number.sid,
      connectedAt: earlier?.connectedAt ?? new Date().toISOString(),
      changes: mergeRecords(earlier?.changes ?? [], changes),
    });
    this.print(
      `done. What it replaced is kept in ${relative(process.cwd(), path)}; to put it back: npm run connect -- ${number.phoneNumber} --undo`,
    );
  }

  async undo(phoneNumber: string, options: { dryRun?: boolean } = {}): Promise<void> {
    const number = await this.find(phoneNumber);
    const record = this.records.read(this.accountSid, number.phoneNumber);
    if (!record)
      throw new StartupError(
        `no record of a connect of ${number.phoneNumber} in account ${this.accountSid} (looked for ${relative(process.cwd(), this.records.pathFor(this.accountSid, number.phoneNumber))}): nothing to undo`,
      );
    for (const change of changedSince(number, record.changes))
      this.print(
        `note: ${SETTING_LABELS[change.setting].trim()} was changed since the connect (now ${show(number[change.setting])}); the undo puts back ${show(change.from)}`,
      );
    const changes = undoPlan(number, record.changes);
    this.print(`${describe(number)}${options.dryRun ? ' would change back (--dry-run: nothing was changed)' : ''}:`);
    if (changes.length) this.printChanges(changes);
    else this.print('  (already as before the connect)');
    if (options.dryRun) return;
    if (changes.length) await this.twilio.updateIncomingNumber(number.sid, updateParams(changes));
    this.records.remove(this.accountSid, number.phoneNumber);
    this.print('done: the number is set as it was before the connect');
  }

  private async find(phoneNumber: string): Promise<IncomingNumber> {
    const number = await this.twilio.findIncomingNumber(phoneNumber);
    if (!number)
      throw new StartupError(
        `${phoneNumber} is not a number of account ${this.accountSid} (Twilio console → Phone Numbers → Active numbers lists them)`,
      );
    return number;
  }

  private printChanges(changes: SettingChange[]): void {
    const width = Math.max(...changes.map((c) => SETTING_LABELS[c.setting].length));
    for (const change of changes)
      this.print(`  ${SETTING_LABELS[change.setting].padEnd(width)}  ${show(change.from)}  →  ${show(change.to)}`);
  }
}

const show = (value: string | null) => value || '(none)';
const describe = (number: IncomingNumber) => `${number.phoneNumber} (${number.friendlyName}, ${number.sid})`;
