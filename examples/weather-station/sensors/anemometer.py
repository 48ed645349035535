import math
import time


def load_calibration(path):
    """Reads (rotations per second, metres per second) pairs; lines starting with # are comments."""
    table = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            rps, mps = line.split(",")
            table.append((float(rps), float(mps)))
    table.sort()
    return table


def interpolate(table, x):
    if x <= table[0][0]:
        return table[0][1] * x / table[0][0] if table[0][0] else 0.0
    for (x0, y0), (x1, y1) in zip(table, table[1:]):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    (x0, y0), (x1, y1) = table[-2], table[-1]
    return y1 + (y1 - y0) * (x - x1) / (x1 - x0)


class Anemometer:
    """A reed-switch cup anemometer: counts pulses and converts with a calibration table."""

    def __init__(self, pin, radius_m, calibration_path):
        self.radius_m = radius_m
        self.table = load_calibration(calibration_path)
        self.pulses = 0
        self.since = time.ticks_ms()
        pin.irq(trigger=pin.IRQ_FALLING, handler=self._pulse)

    def _pulse(self, _pin):
        self.pulses += 1

    def speed(self):
        now = time.ticks_ms()
        seconds = time.ticks_diff(now, self.since) / 1000.0
        pulses, self.pulses, self.since = self.pulses, 0, now
        if seconds <= 0:
            return 0.0
        rps = pulses / seconds
        return interpolate(self.table, rps)

    def tip_speed(self, rps):
        """The cups' own speed, to compare with the calibrated wind speed."""
        return 2 * math.pi * self.radius_m * rps
