/*
 * Switchboard web chat: <script src="https://YOUR-SWITCHBOARD/widget/embed.js" data-token="sbw_…" async></script>
 * Adds a chat button to the page; the chat itself runs in an iframe served by Switchboard, so the
 * page never holds more than the widget token (which opens this chat and nothing else).
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__switchboardChat) return;
  window.__switchboardChat = true;
  var token = script.getAttribute('data-token') || '';
  var origin = new URL(script.src, location.href).origin;
  var label = script.getAttribute('data-label') || 'Chat with us';

  var button = document.createElement('button');
  button.type = 'button';
  button.textContent = '\u{1F4AC}';
  button.setAttribute('aria-label', label);
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', 'switchboard-chat');
  button.style.cssText =
    'position:fixed;right:20px;bottom:20px;z-index:2147483646;width:56px;height:56px;border-radius:50%;' +
    'border:0;background:#1a56db;color:#fff;font-size:26px;cursor:pointer;box-shadow:0 2px 10px rgba(0,0,0,.3)';

  // The visitor's id is kept here, in the site's own storage: the chat's frame is a third party to
  // the site, and browsers that block third-party storage (Safari, Firefox strict, Chrome without
  // third-party cookies) refuse it localStorage. It goes in the fragment, which no server sees.
  var visitorId;
  try {
    visitorId = localStorage.getItem('switchboard.visitorId');
    if (!visitorId || !/^[A-Za-z0-9_-]{1,64}$/.test(visitorId)) {
      var bytes = new Uint8Array(16);
      crypto.getRandomValues(bytes);
      visitorId = Array.prototype.map
        .call(bytes, function (b) {
          return ('0' + b.toString(16)).slice(-2);
        })
        .join('');
      localStorage.setItem('switchboard.visitorId', visitorId);
    }
  } catch (_refused) {
    visitorId = null; // the chat makes one up for this page
  }

  var frame = document.createElement('iframe');
  frame.id = 'switchboard-chat';
  frame.title = label;
  frame.src =
    origin + '/widget/chat.html?token=' + encodeURIComponent(token) + (visitorId ? '#visitor=' + visitorId : '');
  frame.hidden = true;
  frame.style.cssText =
    'position:fixed;right:20px;bottom:88px;z-index:2147483647;width:min(360px,calc(100vw - 40px));' +
    'height:min(520px,calc(100vh - 120px));border:1px solid #ccc;border-radius:12px;background:#fff;' +
    'box-shadow:0 4px 24px rgba(0,0,0,.25)';

  button.addEventListener('click', function () {
    frame.hidden = !frame.hidden;
    button.setAttribute('aria-expanded', String(!frame.hidden));
    if (!frame.hidden && frame.contentWindow) frame.contentWindow.postMessage('switchboard:focus', origin);
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && !frame.hidden) {
      frame.hidden = true;
      button.setAttribute('aria-expanded', 'false');
      button.focus();
    }
  });
  document.body.appendChild(frame);
  document.body.appendChild(button);
})();
