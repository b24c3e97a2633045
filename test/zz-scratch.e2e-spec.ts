import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Harness } from './support';
it('measures a 60k campaign create', async () => {
  const h = await Harness.start({ worker: false });
  await h.truncate();
  const recipients = Array.from({ length: 60_000 }, (_, i) => `+1415${String(2_000_000 + i)}`);
  const hist = monitorEventLoopDelay({ resolution: 10 });
  hist.enable();
  const t = performance.now();
  const res = await h.admin('POST', '/api/campaigns', { name: 'big', body: 'hi', recipients });
  const took = performance.now() - t;
  hist.disable();
  console.log('status', res.statusCode, 'took ms', Math.round(took), 'max loop delay ms', Math.round(hist.max / 1e6));
  await h.close();
}, 120_000);
