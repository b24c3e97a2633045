"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.envSchema = void 0;
const envalid_1 = require("envalid");
/** A URL with one of the given schemes, e.g. postgresql:// or redis://. */
const urlWithScheme = (...schemes) => (0, envalid_1.makeValidator)((input) => {
    let parsed;
    try {
        parsed = new URL(input);
    }
    catch {
        throw new Error(`must be a URL (${schemes.join(' or ')})`);
    }
    if (!schemes.some((scheme) => parsed.protocol === `${scheme}:`)) {
        throw new Error(`must start with ${schemes.map((s) => `${s}://`).join(' or ')}`);
    }
    return input;
});
const positiveInt = (0, envalid_1.makeValidator)((input) => {
    const value = Number(input);
    if (!Number.isInteger(value) || value <= 0)
        throw new Error('must be a positive integer');
    return value;
});
const temperature = (0, envalid_1.makeValidator)((input) => {
    const value = Number(input);
    if (!Number.isFinite(value) || value < 0 || value > 2)
        throw new Error('must be a number between 0 and 2');
    return value;
});
const optionalStr = () => (0, envalid_1.str)({ default: undefined });
/**
 * Every environment variable the apps read, in one place (README's env table
 * and .env.example mirror it). Nothing else in the code reads process.env.
 */
exports.envSchema = {
    NODE_ENV: (0, envalid_1.str)({ choices: ['development', 'test', 'production'], default: 'development' }),
    LOG_LEVEL: (0, envalid_1.str)({ choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' }),
    PORT: (0, envalid_1.port)({ default: 3000 }),
    HOST: (0, envalid_1.str)({ default: '0.0.0.0' }),
    DATABASE_URL: urlWithScheme('postgresql', 'postgres')({
        default: 'postgresql://postgres@127.0.0.1:5432/switchboard',
    }),
    REDIS_URL: urlWithScheme('redis', 'rediss')({ default: 'redis://127.0.0.1:6379' }),
    QUEUE_PREFIX: (0, envalid_1.str)({ default: 'switchboard' }),
    WORKER_CONCURRENCY: positiveInt({ default: 16 }),
    ADMIN_API_KEY: optionalStr(),
    PUBLIC_BASE_URL: (0, envalid_1.url)({ default: undefined }),
    DEFAULT_COUNTRY: (0, envalid_1.str)({ default: 'US' }),
    TWILIO_ACCOUNT_SID: optionalStr(),
    TWILIO_AUTH_TOKEN: optionalStr(),
    TWILIO_DEFAULT_FROM: optionalStr(),
    TWILIO_MESSAGING_SERVICE_SID: optionalStr(),
    TWILIO_VALIDATE_SIGNATURE: (0, envalid_1.bool)({ default: true }),
    TWILIO_API_BASE_URL: (0, envalid_1.url)({ default: undefined }),
    TWILIO_TIMEOUT_MS: positiveInt({ default: 10_000 }),
    OPENAI_API_KEY: optionalStr(),
    OPENAI_BASE_URL: (0, envalid_1.url)({ default: undefined }),
    OPENAI_MODEL: (0, envalid_1.str)({ default: 'gpt-4o-mini' }),
    OPENAI_TIMEOUT_MS: positiveInt({ default: 20_000 }),
    OPENAI_MAX_RETRIES: (0, envalid_1.num)({ default: 2 }),
    AI_ENABLED: (0, envalid_1.bool)({ default: false }),
    AI_SYSTEM_PROMPT: (0, envalid_1.str)({
        default: 'You are a friendly assistant for a small business, answering customers by text message. Be brief and helpful.',
    }),
    AI_TEMPERATURE: temperature({ default: 0.7 }),
    AI_FALLBACK_REPLY: (0, envalid_1.str)({
        default: 'Sorry, we could not answer right now. We will get back to you soon.',
    }),
    AI_HISTORY_MESSAGES: positiveInt({ default: 20 }),
    AI_HISTORY_CHARS: positiveInt({ default: 6000 }),
    CHAT_BOT_MODE: (0, envalid_1.str)({ choices: ['keywords', 'echo'], default: 'keywords' }),
    BOT_KEYWORDS: (0, envalid_1.str)({ default: '' }),
    BOT_DEFAULT_REPLY: (0, envalid_1.str)({ default: 'Thanks for your message! Reply HELP for help or STOP to opt out.' }),
    HELP_TEXT: (0, envalid_1.str)({ default: 'Reply STOP to unsubscribe, START to resubscribe. Msg&data rates may apply.' }),
    STOP_CONFIRMATION_TEXT: (0, envalid_1.str)({
        default: 'You have been unsubscribed and will receive no more messages. Reply START to resubscribe.',
    }),
    START_CONFIRMATION_TEXT: (0, envalid_1.str)({ default: 'You have been resubscribed. Reply STOP to unsubscribe.' }),
    MAX_REPLY_LENGTH: positiveInt({ default: 1600 }),
    SEND_MAX_ATTEMPTS: positiveInt({ default: 6 }),
};
//# sourceMappingURL=env.schema.js.map