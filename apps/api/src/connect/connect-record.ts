import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SettingChange } from './connect-plan';

/** What `npm run connect` changed on one number, kept so `--undo` can put it back. */
export interface ConnectRecord {
  accountSid: string;
  phoneNumber: string;
  numberSid: string;
  connectedAt: string;
  changes: SettingChange[];
}

/**
 * Records on disk, one JSON file per account and number under `.switchboard/connect/`
 * (git-ignored) in the folder the command runs in: the one place that knows what the
 * number's settings were before this app took it over.
 */
export class ConnectRecords {
  constructor(readonly folder: string) {}

  static inRepository(root = process.cwd()): ConnectRecords {
    return new ConnectRecords(join(root, '.switchboard', 'connect'));
  }

  pathFor(accountSid: string, phoneNumber: string): string {
    return join(this.folder, `${accountSid}-${phoneNumber.replace(/[^0-9+]/g, '')}.json`);
  }

  read(accountSid: string, phoneNumber: string): ConnectRecord | null {
    try {
      return JSON.parse(readFileSync(this.pathFor(accountSid, phoneNumber), 'utf8')) as ConnectRecord;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** Written to a temporary file and renamed: a crash never leaves half a record. */
  write(record: ConnectRecord): string {
    mkdirSync(this.folder, { recursive: true });
    const path = this.pathFor(record.accountSid, record.phoneNumber);
    writeFileSync(`${path}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
    renameSync(`${path}.tmp`, path);
    return path;
  }

  remove(accountSid: string, phoneNumber: string): void {
    rmSync(this.pathFor(accountSid, phoneNumber), { force: true });
  }
}
