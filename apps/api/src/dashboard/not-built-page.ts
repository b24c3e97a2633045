/**
 * What the dashboard's addresses answer when only the server was built: the way on (docs, queues,
 * health) and how to get the dashboard. Fixed text: nothing about this deployment's settings,
 * since anyone who reaches the address sees it.
 */
export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Switchboard</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>Switchboard</h1>
<p>This is the Switchboard API: Twilio SMS and WhatsApp numbers answered with AI, auto-replies and keywords.</p>
<p>The dashboard is not built on this server: <code>npm run build</code> builds it.</p>
<ul>
<li><a href="/docs">API documentation</a> (the admin API takes an <code>X-API-Key</code> header)</li>
<li><a href="/admin/queues">Queues</a> (Bull Board, behind the same key)</li>
<li><a href="/api/health">Health</a></li>
</ul>
<p>Twilio posts to <code>/twilio/inbound</code> and <code>/twilio/status</code>.</p>
</body>
</html>
`;
