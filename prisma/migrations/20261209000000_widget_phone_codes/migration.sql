-- Issue 17: a web chat visitor proves the phone number they give with a one-time code texted to
-- it, before the chat becomes that contact's conversation. The code's text is an outbound message
-- like any other (sent through the business's own number, status tracked), marked by its source so
-- it is never shown to the AI as conversation history.
ALTER TYPE "MessageSource" ADD VALUE IF NOT EXISTS 'verification';
