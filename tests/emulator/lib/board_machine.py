# A small `machine` module for the emulated board: enough for host tools that identify a board.
import _board


def unique_id():
    return bytes(_board.unique_id())


def freq():
    return 168000000
