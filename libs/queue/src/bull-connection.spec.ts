import { bullPrefix } from './bull-connection';

describe('bullPrefix', () => {
  const node = [{ host: '127.0.0.1', port: 7000 }];

  it('keeps QUEUE_PREFIX on one Redis, so an upgrade leaves no queued job behind', () => {
    expect(bullPrefix({ redisClusterNodes: null, queue: { prefix: 'switchboard' } } as never)).toBe('switchboard');
  });

  it('makes it a hash tag on a cluster, so each queue’s keys share a slot', () => {
    expect(bullPrefix({ redisClusterNodes: node, queue: { prefix: 'switchboard' } } as never)).toBe('{switchboard}');
    expect(bullPrefix({ redisClusterNodes: node, queue: { prefix: '{sb}-prod' } } as never)).toBe('{sb}-prod');
  });
});
