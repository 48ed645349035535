# `select` for the emulated board. The build's own poll() always reports sys.stdin readable; a real port
# reports it readable only when the host has sent a byte, and programs (the binary receiver) rely on that
# to time out. Other objects go to the built-in module.
import sys
import _board
import select as _select

POLLIN = _select.POLLIN
POLLOUT = _select.POLLOUT
POLLERR = _select.POLLERR
POLLHUP = _select.POLLHUP


def _is_stdin(obj):
    return obj is sys.stdin or obj is getattr(sys.stdin, 'buffer', None)


class _Poll:
    def __init__(self):
        self._stdin = None
        self._other = _select.poll()

    def register(self, obj, mask=POLLIN | POLLOUT):
        if _is_stdin(obj):
            self._stdin = (obj, mask)
        else:
            self._other.register(obj, mask)

    def modify(self, obj, mask):
        self.register(obj, mask)

    def unregister(self, obj):
        if _is_stdin(obj):
            self._stdin = None
        else:
            self._other.unregister(obj)

    def poll(self, timeout=-1):
        if self._stdin is None:
            return self._other.poll(timeout)
        obj, mask = self._stdin
        if mask & POLLIN and _board.stdin_wait(-1 if timeout is None else timeout):
            return [(obj, POLLIN)]
        return [(obj, POLLOUT)] if mask & POLLOUT else []

    def ipoll(self, timeout=-1, flags=0):
        return iter(self.poll(timeout))


def poll():
    return _Poll()
