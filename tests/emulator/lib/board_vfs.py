# The emulated board's `vfs` module: the interpreter's own vfs (mount, umount, VfsPosix) plus what a
# ROMFS-capable port adds, rom_ioctl (with the stm32 port's semantics) and VfsRom (a read-only ROMFS
# filesystem). The worker imports this once per interpreter start and installs it as sys.modules['vfs'].
import io
import sys
import uctypes
import vfs as _builtin

import _board

mount = _builtin.mount
umount = _builtin.umount
VfsPosix = _builtin.VfsPosix

_EINVAL = 22
_ENOENT = 2
_EROFS = 30
_EPERM = 1
_S_IFDIR = 0x4000
_S_IFREG = 0x8000

_KIND_DATA_VERBATIM = 2
_KIND_DIRECTORY = 4
_KIND_FILE = 5
_HEADER = b"\xd2\xcd\x31"

# One memoryview per partition, made once per interpreter start over memory the worker owns, so that
# rom_ioctl(2) always returns the same object, like a board's static memoryview.
_segments = [
    memoryview(uctypes.bytearray_at(_board.partition_address(i), _board.partition_size(i)))
    for i in range(_board.partition_count())
]


class _BlockDevice:
    # What rom_ioctl(2) returns on ports whose ROM partitions are block devices (--block-device): sized
    # with ioctl(4/5), erased with ioctl(6), read and written with the extended block protocol (offset).
    def __init__(self, index):
        self._index = index
        self._memory = _segments[index]

    def ioctl(self, op, arg):
        if op == 4:
            return len(self._memory) // _board.block_size()
        if op == 5:
            return _board.block_size()
        if op == 6:
            block = _board.block_size()
            return 0 if _board.rom_erase(self._index, arg * block, block) > 0 else -_EINVAL
        return None

    def readblocks(self, block, buf, offset=0):
        start = block * _board.block_size() + offset
        buf[:] = self._memory[start:start + len(buf)]

    def writeblocks(self, block, buf, offset=0):
        result = rom_ioctl(4, self._index, block * _board.block_size() + offset, buf)
        if result < 0:
            raise OSError(-result)


_devices = [_BlockDevice(i) for i in range(len(_segments))] if _board.block_device() else None


def rom_ioctl(cmd, *args):
    if cmd == 1:
        return len(_segments)
    if not args:
        return -_EINVAL
    index = args[0]
    if not (0 <= index < len(_segments)):
        return -_EINVAL
    size = len(_segments[index])
    if cmd == 2:
        return _devices[index] if _devices else _segments[index]
    if cmd == 3:
        if len(args) < 2:
            return -_EINVAL
        if len(args) == 2:
            offset, length = 0, args[1]
        else:
            offset, length = args[1], args[2]
        if offset < 0 or length < 0 or offset + length > size:
            return -_EINVAL
        return _board.rom_erase(index, offset, length)
    if cmd == 4:
        if len(args) < 3:
            return -_EINVAL
        offset, data = args[1], args[2]
        data = memoryview(data)
        if offset < 0 or offset + len(data) > size:
            return -_EINVAL
        if not len(data):
            return 0
        # bytes(data) guarantees a contiguous buffer whose address the worker can read.
        data = bytes(data)
        return _board.rom_write(index, offset, uctypes.addressof(data), len(data))
    if cmd == 5:
        return 0
    if cmd == 6:
        return _board.block_size()
    return -_EINVAL


def _varuint(buf, pos, end):
    value = 0
    while True:
        if pos >= end:
            raise OSError(_ENOENT)
        byte = buf[pos]
        pos += 1
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, pos


def _records(buf, pos, end):
    # Yields (kind, payload start, payload end) for each record in buf[pos:end].
    while pos < end:
        kind, pos = _varuint(buf, pos, end)
        length, pos = _varuint(buf, pos, end)
        if pos + length > end:
            raise OSError(_ENOENT)
        yield kind, pos, pos + length
        pos += length


class VfsRom:
    def __init__(self, memory):
        self._mem = memoryview(memory)
        buf = self._mem
        if bytes(buf[:3]) != _HEADER:
            raise OSError(_EINVAL)
        length, pos = _varuint(buf, 3, len(buf))
        if pos + length > len(buf):
            raise OSError(_EINVAL)
        self._start = pos
        self._end = pos + length

    def _entry_name(self, start, end):
        length, pos = _varuint(self._mem, start, end)
        return bytes(self._mem[pos : pos + length]), pos + length

    def _file_data(self, start, end):
        for kind, a, b in _records(self._mem, start, end):
            if kind == _KIND_DATA_VERBATIM:
                return self._mem[a:b]
        return self._mem[0:0]

    def _lookup(self, path):
        # Returns (kind, start, end) of the entry's contents; the root is a directory.
        kind, start, end = _KIND_DIRECTORY, self._start, self._end
        for part in path.split("/"):
            if not part or part == ".":
                continue
            if kind != _KIND_DIRECTORY:
                raise OSError(_ENOENT)
            want = part.encode()
            for rkind, a, b in _records(self._mem, start, end):
                if rkind in (_KIND_DIRECTORY, _KIND_FILE):
                    name, contents = self._entry_name(a, b)
                    if name == want:
                        kind, start, end = rkind, contents, b
                        break
            else:
                raise OSError(_ENOENT)
        return kind, start, end

    def mount(self, readonly, mkfs):
        if mkfs:
            raise OSError(_EPERM)

    def umount(self):
        pass

    def chdir(self, path):
        if self._lookup(path)[0] != _KIND_DIRECTORY:
            raise OSError(_ENOENT)

    def getcwd(self):
        return ""

    def ilistdir(self, path):
        kind, start, end = self._lookup(path)
        if kind != _KIND_DIRECTORY:
            raise OSError(_ENOENT)
        as_str = isinstance(path, str)
        for rkind, a, b in _records(self._mem, start, end):
            if rkind == _KIND_DIRECTORY:
                name, _ = self._entry_name(a, b)
                yield (name.decode() if as_str else name, _S_IFDIR, 0, 0)
            elif rkind == _KIND_FILE:
                name, contents = self._entry_name(a, b)
                size = len(self._file_data(contents, b))
                yield (name.decode() if as_str else name, _S_IFREG, 0, size)

    def stat(self, path):
        kind, start, end = self._lookup(path)
        if kind == _KIND_DIRECTORY:
            return (_S_IFDIR, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        return (_S_IFREG, 0, 0, 0, 0, 0, len(self._file_data(start, end)), 0, 0, 0)

    def statvfs(self, path):
        return (0, 0, 0, 0, 0, 0, 0, 0, 0, 65535)

    def open(self, path, mode):
        if "w" in mode or "a" in mode or "+" in mode or "x" in mode:
            raise OSError(_EROFS)
        kind, start, end = self._lookup(path)
        if kind != _KIND_FILE:
            raise OSError(_ENOENT)
        data = bytes(self._file_data(start, end))
        if "b" in mode:
            return io.BytesIO(data)
        return io.StringIO(data.decode())

    def mkdir(self, path):
        raise OSError(_EROFS)

    def remove(self, path):
        raise OSError(_EROFS)

    def rmdir(self, path):
        raise OSError(_EROFS)

    def rename(self, old, new):
        raise OSError(_EROFS)


def _mount_rom_at_boot():
    # Like a ROMFS-capable port's start-up: partition 0 goes to /rom when it holds an image.
    if not _segments:
        return
    try:
        fs = VfsRom(_segments[0])
    except OSError:
        return
    try:
        mount(fs, "/rom")
    except OSError:
        pass


_mount_rom_at_boot()
