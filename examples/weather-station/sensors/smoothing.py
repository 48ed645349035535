class MovingAverage:
    """The mean of the last `window` values, in constant memory."""

    def __init__(self, window):
        self.values = [0.0] * window
        self.count = 0
        self.index = 0
        self.total = 0.0

    def add(self, value):
        self.total += value - self.values[self.index]
        self.values[self.index] = value
        self.index = (self.index + 1) % len(self.values)
        self.count = min(self.count + 1, len(self.values))
        return self.total / self.count
