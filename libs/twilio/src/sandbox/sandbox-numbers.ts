/**
 * Recipients that fail on purpose in the sandbox, after Twilio's magic test
 * numbers, so every failure path can be seen without a real phone.
 */
export const SANDBOX_FAILING_NUMBERS: Record<string, { status: number; code: number; message: string }> = {
  '+15005550001': { status: 400, code: 21211, message: "The 'To' number +15005550001 is not a valid phone number." },
  '+15005550004': { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' },
  '+15005550009': { status: 400, code: 21614, message: "'To' number is not a valid mobile number" },
};

/** Accepted, then ends `undelivered` with 30003 (unreachable handset). */
export const SANDBOX_UNDELIVERED_NUMBER = '+15005550030';
