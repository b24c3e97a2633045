import type { FastifyReply } from 'fastify';

/** A 429 with Retry-After, in the shape of the API's other errors. */
export function tooManyRequests(reply: FastifyReply, retryAfterSeconds: number, message: string): void {
  void reply
    .status(429)
    .header('retry-after', String(retryAfterSeconds))
    .send({ statusCode: 429, error: 'Too Many Requests', message });
}
