from .bme280 import BME280
from .anemometer import Anemometer
from .smoothing import MovingAverage


class Station:
    """Owns the sensors and turns raw readings into one smoothed record."""

    def __init__(self, config, root):
        from machine import I2C, Pin

        bus = config["i2c"]
        i2c = I2C(bus["bus"], scl=Pin(bus["scl"]), sda=Pin(bus["sda"]), freq=bus["freq"])
        self.station_id = config["station_id"]
        self.climate = BME280(i2c, config["bme280"]["address"])
        wind = config["anemometer"]
        self.wind = Anemometer(Pin(wind["pin"], Pin.IN, Pin.PULL_UP), wind["radius_m"], root + wind["calibration"])
        window = config["smoothing"]["window"]
        self.averages = {name: MovingAverage(window) for name in ("t", "p", "h", "wind")}

    def sample(self):
        t, p, h = self.climate.read()
        wind = self.wind.speed()
        values = {"t": t, "p": p, "h": h, "wind": wind}
        record = {"id": self.station_id}
        for name, value in values.items():
            record[name] = round(self.averages[name].add(value), 2)
        return record
