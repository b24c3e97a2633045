/** A web chat visitor who gave no number is stored as `web:<visitorId>`. */
export const isWebVisitor = (participant: string) => participant.startsWith('web:');

/** How a participant is shown when we know no name: the number as stored (E.164), or "Web visitor". */
export function participantLabel(participant: string): string {
  return isWebVisitor(participant) ? `Web visitor ${participant.slice(4, 12)}` : participant;
}
