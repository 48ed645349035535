import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { Flash } from '../lib/flash.mjs';
import { tempStateDir } from '../testing/board-process.mjs';

test('Flash_CreatesErasedPartitionFiles_OfTheGivenSizes', () => {
  const dir = tempStateDir();
  const flash = new Flash({ stateDir: dir, sizes: [8192, 4096], blockSize: 4096 });
  flash.close();
  assert.deepEqual([0, 1].map((i) => fs.readFileSync(Flash.fileOf(dir, i)).length), [8192, 4096]);
  assert.ok(fs.readFileSync(Flash.fileOf(dir, 0)).every((b) => b === 0xff));
});

test('Flash_Write_AndsWithStoredBytes_AndPersists', () => {
  const dir = tempStateDir();
  const flash = new Flash({ stateDir: dir, sizes: [4096], blockSize: 4096 });
  assert.equal(flash.write(0, 10, Uint8Array.of(0xf0, 0x0f)), 0);
  assert.equal(flash.write(0, 10, Uint8Array.of(0x3c, 0x3c)), 0);
  assert.deepEqual([...flash.bytes(0).subarray(9, 13)], [0xff, 0x30, 0x0c, 0xff]);
  flash.close();
  const reopened = new Flash({ stateDir: dir, sizes: [4096], blockSize: 4096 });
  assert.deepEqual([...reopened.bytes(0).subarray(9, 13)], [0xff, 0x30, 0x0c, 0xff]);
  reopened.close();
});

test('Flash_Erase_ResetsEveryTouchedBlock', () => {
  const dir = tempStateDir();
  const flash = new Flash({ stateDir: dir, sizes: [12288], blockSize: 4096 });
  flash.write(0, 0, new Uint8Array(12288));
  assert.equal(flash.erase(0, 4095, 2), 0);
  const bytes = flash.bytes(0);
  assert.ok(bytes.subarray(0, 8192).every((b) => b === 0xff));
  assert.ok(bytes.subarray(8192).every((b) => b === 0));
  flash.close();
  assert.ok(fs.readFileSync(Flash.fileOf(dir, 0)).subarray(0, 8192).every((b) => b === 0xff));
});

test('Flash_RejectsRangesOutsideThePartition_WithEinval', () => {
  const flash = new Flash({ stateDir: tempStateDir(), sizes: [4096], blockSize: 4096 });
  assert.equal(flash.write(0, 4095, Uint8Array.of(0, 0)), -22);
  assert.equal(flash.write(1, 0, Uint8Array.of(0)), -22);
  assert.equal(flash.erase(0, -1, 2), -22);
  assert.equal(flash.erase(0, 0, 4097), -22);
  assert.ok(flash.bytes(0).every((b) => b === 0xff), 'nothing was changed');
  flash.close();
});

test('Flash_KeepsThePrefix_WhenAPartitionSizeChanges', () => {
  const dir = tempStateDir();
  const first = new Flash({ stateDir: dir, sizes: [8192], blockSize: 4096 });
  first.write(0, 0, Uint8Array.of(1, 2, 3));
  first.close();
  const grown = new Flash({ stateDir: dir, sizes: [16384], blockSize: 4096 });
  assert.deepEqual([...grown.bytes(0).subarray(0, 4)], [1, 2, 3, 0xff]);
  assert.ok(grown.bytes(0).subarray(8192).every((b) => b === 0xff));
  grown.close();
  assert.equal(fs.readFileSync(Flash.fileOf(dir, 0)).length, 16384);
});
