# Weather station: samples a BME280 and a cup anemometer, smooths the readings
# and prints one line of JSON per period. Deployed as a ROMFS image, it runs
# from /rom; start it from the board's boot.py with `import main`.
import json
import time

from sensors import Station

CONFIG_NAME = "config.json"


def _here():
    name = __file__
    return name[: name.rfind("/") + 1] if "/" in name else ""


def load_config():
    with open(_here() + CONFIG_NAME) as f:
        return json.load(f)


def run(cycles=None):
    config = load_config()
    station = Station(config, _here())
    period = config["period_s"]
    done = 0
    while cycles is None or done < cycles:
        started = time.ticks_ms()
        print(json.dumps(station.sample()))
        done += 1
        spent = time.ticks_diff(time.ticks_ms(), started)
        time.sleep_ms(max(0, period * 1000 - spent))


if __name__ == "__main__":
    run()
