import { Injectable } from '@nestjs/common';
import OpenAI from 'openai';
import { AppConfig } from '@app/config';

export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompletionRequest {
  /** The key stored through the API wins over OPENAI_API_KEY. */
  apiKey?: string | null;
  model: string;
  temperature: number;
  messages: ChatTurn[];
}

/** OpenAI-compatible Chat Completions (OpenAI, Ollama, vLLM, llama.cpp server), behind one class. */
@Injectable()
export class AiResponder {
  private readonly clients = new Map<string, OpenAI>();

  constructor(private readonly config: AppConfig) {}

  /** Why AI cannot run with this key, or null when it can. */
  unavailableReason(apiKey?: string | null): string | null {
    if (apiKey || this.config.openai.apiKey || this.config.openai.baseUrl) return null;
    return 'no OpenAI API key (set OPENAI_API_KEY or apiKey in /api/ai/config) and no OPENAI_BASE_URL';
  }

  async complete(request: CompletionRequest): Promise<string> {
    const completion = await this.client(request.apiKey).chat.completions.create({
      model: request.model,
      temperature: request.temperature,
      messages: request.messages,
    });
    const text = completion.choices[0]?.message?.content?.trim();
    if (!text) throw new Error('the model returned an empty answer');
    return text;
  }

  private client(apiKey?: string | null): OpenAI {
    const reason = this.unavailableReason(apiKey);
    // Callers check unavailableReason first; this is the guard if one does not.
    if (reason) throw new Error(`AI is not available: ${reason}`);
    // A self-hosted server usually takes no key; the SDK insists on one, so send a placeholder.
    const key = apiKey || this.config.openai.apiKey || 'no-key';
    let client = this.clients.get(key);
    if (!client) {
      client = new OpenAI({
        apiKey: key,
        baseURL: this.config.openai.baseUrl ?? null,
        timeout: this.config.openai.timeoutMs,
        // The SDK retries 429 and 5xx with exponential backoff; bounded here.
        maxRetries: this.config.openai.maxRetries,
      });
      this.clients.set(key, client);
    }
    return client;
  }
}
