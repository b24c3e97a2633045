import { Injectable } from '@nestjs/common';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
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

/** A function the model may call: its name, what it is for, and its arguments' JSON Schema. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** One call the model asked for; `arguments` is the model's JSON text, not yet trusted. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** A turn of a conversation with tools: the model's calls, and each call's result. */
export type ToolTurn =
  | ChatTurn
  | { role: 'assistant'; content: string | null; toolCalls: ToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

export interface ToolCompletionRequest extends Omit<CompletionRequest, 'messages'> {
  messages: ToolTurn[];
  tools: ToolSpec[];
  /** 'none' makes the model answer in text (the last of a bounded number of rounds). */
  toolChoice: 'auto' | 'none';
}

/** The model's answer: text, or calls to run and send back (or, rarely, both). */
export interface ToolCompletion {
  text: string | null;
  toolCalls: ToolCall[];
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

  /** One round of Chat Completions function calling (the caller runs the calls and asks again). */
  async completeWithTools(request: ToolCompletionRequest): Promise<ToolCompletion> {
    const completion = await this.client(request.apiKey).chat.completions.create({
      model: request.model,
      temperature: request.temperature,
      messages: request.messages.map(toSdkMessage),
      tools: request.tools.map((tool): ChatCompletionTool => ({
        type: 'function',
        function: { name: tool.name, description: tool.description, parameters: tool.parameters },
      })),
      tool_choice: request.toolChoice,
    });
    const message = completion.choices[0]?.message;
    // Only function calls are ours to run; a custom-tool call is not something we offered.
    const toolCalls = (message?.tool_calls ?? []).flatMap((call) =>
      call.type === 'function' ? [{ id: call.id, name: call.function.name, arguments: call.function.arguments }] : [],
    );
    const text = message?.content?.trim() || null;
    if (!text && !toolCalls.length) throw new Error('the model returned an empty answer');
    return { text, toolCalls };
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

function toSdkMessage(turn: ToolTurn): ChatCompletionMessageParam {
  if (turn.role === 'tool') return { role: 'tool', tool_call_id: turn.toolCallId, content: turn.content };
  if ('toolCalls' in turn)
    return {
      role: 'assistant',
      content: turn.content,
      tool_calls: turn.toolCalls.map((call) => ({
        id: call.id,
        type: 'function',
        function: { name: call.name, arguments: call.arguments },
      })),
    };
  return turn;
}
