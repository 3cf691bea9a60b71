import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { PortInUseError, startHealthServer } from '../src/index.js';

describe('health server', () => {
  it('names the variable of a port another process holds', async () => {
    const first = await startHealthServer({ port: 0, registry: new Registry(), checks: [] });
    try {
      const second = startHealthServer({
        port: first.port,
        registry: new Registry(),
        checks: [],
        portVariable: 'DEMO_HTTP_PORT',
      });
      await expect(second).rejects.toThrow(PortInUseError);
      await expect(second).rejects.toThrow(
        `DEMO_HTTP_PORT: port ${first.port} on 127.0.0.1 is already in use; set DEMO_HTTP_PORT to a free port (0 picks one)`,
      );
    } finally {
      await first.close();
    }
  });

  it('tells readiness in /metrics as a gauge, worked out at each scrape', async () => {
    let redisUp = true;
    const server = await startHealthServer({
      port: 0,
      registry: new Registry(),
      readyMetric: 'test_ready',
      checks: [{ name: 'redis', check: async () => redisUp }],
    });
    const scrape = async () => (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
    try {
      expect(await scrape()).toMatch(/^# TYPE test_ready gauge\ntest_ready 1$/m);
      redisUp = false;
      expect(await scrape()).toMatch(/^test_ready 0$/m);
    } finally {
      await server.close();
    }
  });

  it('serves liveness, readiness with failing checks named, and metrics', async () => {
    const registry = new Registry();
    const counter = new Counter({ name: 'test_events_total', help: 'events', registers: [registry] });
    counter.inc(3);
    let redisUp = true;
    const server = await startHealthServer({
      port: 0,
      registry,
      checks: [
        { name: 'redis', check: async () => redisUp },
        { name: 'kafka', check: async () => true },
      ],
    });
    const base = `http://127.0.0.1:${server.port}`;
    try {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      redisUp = false;
      const notReady = await fetch(`${base}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toMatchObject({
        status: 'not ready',
        checks: [
          { name: 'redis', ok: false },
          { name: 'kafka', ok: true },
        ],
      });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain('test_events_total 3');
      expect((await fetch(`${base}/nope`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('serves readiness worked out elsewhere, with its details, and metrics from any source', async () => {
    let workerReady = false;
    const server = await startHealthServer({
      port: 0,
      registry: {
        contentType: Registry.PROMETHEUS_CONTENT_TYPE,
        metrics: async () => 'supervised_total 2\n',
      },
      checks: async () => ({
        checks: [
          { name: 'consumer', ok: workerReady, ...(workerReady ? {} : { error: 'worker 2: starting' }) },
        ],
        details: { workers: [{ worker: 2, ready: workerReady }] },
      }),
    });
    const base = `http://127.0.0.1:${server.port}`;
    try {
      const notReady = await fetch(`${base}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({
        status: 'not ready',
        checks: [{ name: 'consumer', ok: false, error: 'worker 2: starting' }],
        workers: [{ worker: 2, ready: false }],
      });
      workerReady = true;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      expect(await (await fetch(`${base}/metrics`)).text()).toBe('supervised_total 2\n');
    } finally {
      await server.close();
    }
  });
});
