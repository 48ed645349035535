import struct

_REG_ID = 0xD0
_REG_CTRL_HUM = 0xF2
_REG_CTRL_MEAS = 0xF4
_REG_DATA = 0xF7
_CHIP_ID = 0x60


class BME280:
    """Temperature (degC), pressure (hPa) and humidity (%) from a Bosch BME280 over I2C."""

    def __init__(self, i2c, address=0x76):
        self.i2c = i2c
        self.address = address
        chip = i2c.readfrom_mem(address, _REG_ID, 1)[0]
        if chip != _CHIP_ID:
            raise OSError("no BME280 at 0x%02x (chip id 0x%02x)" % (address, chip))
        self._load_calibration()
        i2c.writeto_mem(address, _REG_CTRL_HUM, b"\x01")
        i2c.writeto_mem(address, _REG_CTRL_MEAS, b"\x27")

    def _load_calibration(self):
        c = self.i2c.readfrom_mem(self.address, 0x88, 26)
        self.t1, self.t2, self.t3 = struct.unpack("<Hhh", c[0:6])
        self.p = struct.unpack("<Hhhhhhhhh", c[6:24])
        h = self.i2c.readfrom_mem(self.address, 0xE1, 7)
        self.h1 = c[25]
        self.h2 = struct.unpack("<h", h[0:2])[0]
        self.h3 = h[2]
        self.h4 = (h[3] << 4) | (h[4] & 0x0F)
        self.h5 = (h[5] << 4) | (h[4] >> 4)
        self.h6 = struct.unpack("<b", h[6:7])[0]

    def read(self):
        d = self.i2c.readfrom_mem(self.address, _REG_DATA, 8)
        raw_p = (d[0] << 12) | (d[1] << 4) | (d[2] >> 4)
        raw_t = (d[3] << 12) | (d[4] << 4) | (d[5] >> 4)
        raw_h = (d[6] << 8) | d[7]

        v1 = (raw_t / 16384.0 - self.t1 / 1024.0) * self.t2
        v2 = (raw_t / 131072.0 - self.t1 / 8192.0) ** 2 * self.t3
        fine = v1 + v2
        temperature = fine / 5120.0

        p1, p2, p3, p4, p5, p6, p7, p8, p9 = self.p
        v1 = fine / 2.0 - 64000.0
        v2 = v1 * v1 * p6 / 32768.0 + v1 * p5 * 2.0
        v2 = v2 / 4.0 + p4 * 65536.0
        v1 = (p3 * v1 * v1 / 524288.0 + p2 * v1) / 524288.0
        v1 = (1.0 + v1 / 32768.0) * p1
        pressure = 0.0
        if v1:
            pressure = 1048576.0 - raw_p
            pressure = (pressure - v2 / 4096.0) * 6250.0 / v1
            v1 = p9 * pressure * pressure / 2147483648.0
            v2 = pressure * p8 / 32768.0
            pressure = (pressure + (v1 + v2 + p7) / 16.0) / 100.0

        h = fine - 76800.0
        h = (raw_h - (self.h4 * 64.0 + self.h5 / 16384.0 * h)) * (
            self.h2 / 65536.0 * (1.0 + self.h6 / 67108864.0 * h * (1.0 + self.h3 / 67108864.0 * h))
        )
        humidity = min(100.0, max(0.0, h * (1.0 - self.h1 * h / 524288.0)))
        return temperature, pressure, humidity
