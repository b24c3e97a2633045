import { CalendarProcessor } from './calendar.processor';
import { CampaignProcessor } from './campaign.processor';
import { InboundProcessor } from './inbound.processor';
import { MaintenanceProcessor } from './maintenance.processor';
import { OutboundProcessor } from './outbound.processor';

/** The classes whose @JobHandler methods handle the job table (the runner finds the methods itself). */
export const JOB_PROCESSORS = [
  InboundProcessor,
  OutboundProcessor,
  CampaignProcessor,
  MaintenanceProcessor,
  CalendarProcessor,
];
