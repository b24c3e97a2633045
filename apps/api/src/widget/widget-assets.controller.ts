import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiSecurity } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { hashApiKey, WIDGET_TOKEN } from '@app/common';
import { BusinessDirectory } from '@app/database';
import { Public } from '../auth/public.decorator';

/** Copied beside the build by nest-cli.json's assets; read once. */
const asset = (name: string) => readFileSync(join(__dirname, 'assets', name), 'utf8');
const EMBED_JS = asset('embed.js');
const CHAT_HTML = asset('chat.html');

/** The hash of each inline block of a page, for a CSP that runs exactly those and nothing injected. */
function inlineHashes(html: string, tag: 'script' | 'style'): string {
  return [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))]
    .map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`)
    .join(' ');
}
const CHAT_CSP = [
  "default-src 'none'",
  `script-src ${inlineHashes(CHAT_HTML, 'script')}`,
  `style-src ${inlineHashes(CHAT_HTML, 'style')}`,
  // Its fetches go to this API only.
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const NOT_AVAILABLE =
  '<!doctype html><html lang="en"><meta charset="utf-8"><title>Chat</title><p>This chat is not available.</p></html>\n';

/**
 * The widget's two files: embed.js (a site's one `<script>` line adds the chat button) and
 * chat.html (the chat, framed by the site). Served with headers of their own, not helmet's
 * (bootstrap.ts leaves /widget/ to this): embed.js must load cross-origin, and chat.html may be
 * framed only by the sites its business allows (CSP frame-ancestors), nowhere else.
 */
@Public()
@ApiSecurity({}) // no key; the chat's requests carry the widget token
@Controller('widget')
export class WidgetAssetsController {
  constructor(private readonly directory: BusinessDirectory) {}

  @Get('embed.js')
  @ApiOperation({ summary: 'The script a site embeds: adds the chat button and its iframe' })
  @ApiOkResponse({ description: 'JavaScript', content: { 'text/javascript': { schema: { type: 'string' } } } })
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  @Header('Cross-Origin-Resource-Policy', 'cross-origin')
  @Header('X-Content-Type-Options', 'nosniff')
  embed(): string {
    return EMBED_JS;
  }

  /** Framed only by the token's business's allowed origins (and this API itself); an unknown token gets a 404 page. */
  @Get('chat.html')
  @ApiOperation({ summary: 'The chat page the embed script frames' })
  @ApiQuery({ name: 'token', required: true, type: String, description: "The business's widget token" })
  @ApiOkResponse({ description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiResponse({ status: 404, description: 'No widget has this token', content: { 'text/html': {} } })
  async chat(@Query('token') token: unknown, @Res() reply: FastifyReply): Promise<void> {
    const business =
      typeof token === 'string' && WIDGET_TOKEN.test(token)
        ? await this.directory.forWidgetToken(hashApiKey(token))
        : null;
    void reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-store');
    if (!business || business.status !== 'active') {
      void reply
        .status(404)
        .header('content-security-policy', "default-src 'none'; frame-ancestors 'none'")
        .send(NOT_AVAILABLE);
      return;
    }
    const ancestors = ["'self'", ...business.allowedOrigins].join(' ');
    void reply
      .header('content-security-policy', `${CHAT_CSP}; frame-ancestors ${ancestors}`)
      .send(CHAT_HTML.replace('Chat with us</h1>', `${escapeHtml(business.name)}</h1>`));
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
