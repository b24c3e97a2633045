/** Every BullMQ queue of the system. */
export enum QueueName {
  /** Inbound messages waiting for their one reply (AI, auto-reply or keyword bot). */
  Inbound = 'inbound',
  /** Outbound messages waiting to be handed to Twilio. */
  Outbound = 'outbound',
  /** Campaign fan-out steps and per-recipient campaign sends (rate-limited, parked or retried ones). */
  Campaign = 'campaign',
  /**
   * Campaign sends a batch of recipients at a time (when no send rate applies): their own
   * queue, so a worker takes only as many batches as it has sends to spare (CAMPAIGN_CONCURRENCY).
   */
  CampaignBatch = 'campaign-batch',
  /** Appointments written to their Google Calendar (Google being slow holds up no text). */
  Calendar = 'calendar',
  /** Periodic repairs and timers (outbox relay, send reconciliation, campaign sweep, reminders), from job schedulers. */
  Maintenance = 'maintenance',
}
