import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';

/**
 * `GET /`: where a person who opens the API's address in a browser finds the way on (it was a
 * JSON 404). A fixed page with links only: nothing about this deployment's settings, since anyone
 * who reaches the address sees it. The dashboard takes its place once it exists.
 */
const HOME_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Switchboard</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>Switchboard</h1>
<p>This is the Switchboard API: Twilio SMS and WhatsApp numbers answered with AI, auto-replies and keywords.</p>
<ul>
<li><a href="/docs">API documentation</a> (the admin API takes an <code>X-API-Key</code> header)</li>
<li><a href="/admin/queues">Queues</a> (Bull Board, behind the same key)</li>
<li><a href="/api/health">Health</a></li>
</ul>
<p>Twilio posts to <code>/twilio/inbound</code> and <code>/twilio/status</code>.</p>
</body>
</html>
`;

@Public()
@ApiSecurity({}) // no key
@Controller()
export class HomeController {
  @Get()
  @ApiOperation({ summary: 'A page with links to the docs, the queues and the health check' })
  @ApiOkResponse({ description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  home(): string {
    return HOME_PAGE;
  }
}
