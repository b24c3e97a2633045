import type { RawLiveEvent } from '@app/queue';
import { OrderedDelivery } from './ordered-delivery';

const event = (id: string): RawLiveEvent => ({ id, type: 'message', data: '{}' });

describe('OrderedDelivery', () => {
  const start = (cursor: string) => {
    const written: string[] = [];
    const delivery = new OrderedDelivery((e) => written.push(e.id), cursor);
    return { delivery, written };
  };

  it('holds live events until the replay is written, then writes each once, in order', () => {
    const { delivery, written } = start('5-0');
    delivery.live(event('7-0')); // announced while the replay was being read
    delivery.live(event('8-0'));
    delivery.replayed([event('6-0'), event('7-0')]);
    expect(written).toEqual(['6-0', '7-0']);
    delivery.release();
    expect(written).toEqual(['6-0', '7-0', '8-0']);
    delivery.live(event('9-0'));
    expect(written).toEqual(['6-0', '7-0', '8-0', '9-0']);
    expect(delivery.lastId).toBe('9-0');
  });

  it('never writes what the client already has, nor an event twice', () => {
    const { delivery, written } = start('10-3');
    delivery.replayed([event('10-2'), event('10-3'), event('10-4')]);
    delivery.release();
    delivery.live(event('10-4'));
    delivery.live(event('9-9'));
    delivery.live(event('11-0'));
    expect(written).toEqual(['10-4', '11-0']);
  });

  it('holds again for a catch-up after a reconnect, and fills the gap from the stream', () => {
    const { delivery, written } = start('1-0');
    delivery.release();
    delivery.live(event('2-0'));
    delivery.hold();
    delivery.live(event('5-0')); // heard after the reconnect; 3-0 and 4-0 were missed
    delivery.replayed([event('3-0'), event('4-0'), event('5-0')]);
    delivery.release();
    expect(written).toEqual(['2-0', '3-0', '4-0', '5-0']);
  });
});
