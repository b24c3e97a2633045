/** A contact's page and chat, by number (E.164 has a +, which is kept encoded in the path). */
export const contactPath = (phone: string) => `/contacts/${encodeURIComponent(phone)}`;
export const chatPath = (phone: string) => `/conversations/${encodeURIComponent(phone)}`;
