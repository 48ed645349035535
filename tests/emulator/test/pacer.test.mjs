import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Pacer } from '../lib/pacer.mjs';

test('Pacer_WithoutBaud_DeliversAtOnce', () => {
  const got = [];
  new Pacer(0, (b) => got.push(...b)).push(Uint8Array.of(1, 2, 3));
  assert.deepEqual(got, [1, 2, 3]);
});

test('Pacer_DeliversEveryByteInOrder_NoFasterThanTheBaudRate', async () => {
  const got = [];
  const pacer = new Pacer(19200, (b) => got.push(...b)); // 1920 bytes/s
  const data = Uint8Array.from({ length: 480 }, (_, i) => i & 0xff);
  const started = performance.now();
  pacer.push(data.subarray(0, 200));
  pacer.push(data.subarray(200));
  assert.ok(got.length < 480, 'nothing like all of it at once');
  for (let i = 0; i < 200 && got.length < 480; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.deepEqual(got, [...data]);
  assert.ok(performance.now() - started >= 230, '480 bytes at 1920 bytes/s need about 250 ms');
  pacer.close();
});
