import { buildConversationPrompt } from './conversation-prompt';

describe('buildConversationPrompt', () => {
  const newestFirst = [
    { direction: 'outbound' as const, body: 'We open at 9.' },
    { direction: 'inbound' as const, body: 'When do you open?' },
    { direction: 'outbound' as const, body: 'Hi!' },
  ];

  it('puts the system prompt first, history oldest first, the new message last', () => {
    expect(buildConversationPrompt('sys', newestFirst, 'Thanks!', 10_000)).toEqual([
      { role: 'system', content: 'sys' },
      { role: 'assistant', content: 'Hi!' },
      { role: 'user', content: 'When do you open?' },
      { role: 'assistant', content: 'We open at 9.' },
      { role: 'user', content: 'Thanks!' },
    ]);
  });

  it('keeps the newest history that fits the character budget', () => {
    const turns = buildConversationPrompt('', newestFirst, 'Thanks!', 'Thanks!'.length + 'We open at 9.'.length + 5);
    expect(turns).toEqual([
      { role: 'assistant', content: 'We open at 9.' },
      { role: 'user', content: 'Thanks!' },
    ]);
  });

  it('skips empty (redacted) messages', () => {
    const turns = buildConversationPrompt('', [{ direction: 'inbound', body: '' }], 'x', 100);
    expect(turns).toEqual([{ role: 'user', content: 'x' }]);
  });
});

describe('buildConversationPrompt with media', () => {
  it('gives a photo without text in the history its note', () => {
    const history = [{ direction: 'inbound' as const, body: '', mediaContentTypes: ['image/jpeg'], mediaUrls: ['u'] }];
    expect(buildConversationPrompt('', history, 'And this?', 100)).toEqual([
      { role: 'user', content: '[image attached]' },
      { role: 'user', content: 'And this?' },
    ]);
  });
});
