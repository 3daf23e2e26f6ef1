#!/usr/bin/env python3
"""OpenBCI Cyton (+ Daisy) emulator on a pseudo-terminal, for the Web Serial browser test.

Prints the pty slave path on the first stdout line, then one JSON line per command received.
Speaks the text protocol (v -> banner ending in $$$, C/c daisy, x...X channel settings, b start, s stop)
and streams 33-byte packets at 250 Hz with a known signal:
  counts(sample, ch) = ((sample * 7919 + ch * 104729) % 2000001) - 1000000
Without Daisy, packet p carries sample p, channels 0-7. With Daisy, packet p carries frame p >> 1:
even p = channels 8-15 (the Daisy), odd p = channels 0-7 (the board). Counter byte = p % 256.
Usage: devices-cyton-emulator.py [--daisy] [--skip p1,p2,...]   (absolute packet numbers to lose)
"""
import json, os, pty, select, sys, time, tty

daisy = '--daisy' in sys.argv
skip = set()
if '--skip' in sys.argv:
    skip = {int(x) for x in sys.argv[sys.argv.index('--skip') + 1].split(',') if x}

master, slave = pty.openpty()
tty.setraw(slave)
print(os.ttyname(slave), flush=True)


def log(**event):
    print(json.dumps(event), flush=True)


def counts(sample, ch):
    return ((sample * 7919 + ch * 104729) % 2000001) - 1000000


def packet(p):
    frame = p >> 1 if daisy else p
    first = 8 if daisy and p % 2 == 0 else 0
    out = bytearray([0xA0, p % 256])
    for ch in range(8):
        out += (counts(frame, first + ch) & 0xFFFFFF).to_bytes(3, 'big')
    out += bytes(6)  # no fresh accelerometer reading
    out.append(0xC0)
    return bytes(out)


def reply(text):
    os.write(master, text.encode())


streaming = False
sent = 0
started_at = 0.0
pending = ''
while True:
    try:
        readable, _, _ = select.select([master], [], [], 0.01)
    except KeyboardInterrupt:
        break
    if readable:
        try:
            data = os.read(master, 1024).decode('latin1')
        except OSError:
            break
        for ch in data:
            if pending or ch == 'x':
                pending += ch
                if ch == 'X':
                    log(cmd=pending)
                    if not streaming:
                        reply('Success: Channel set for %s$$$' % pending[1])
                    pending = ''
                continue
            log(cmd=ch)
            if ch == 'v':
                streaming = False
                reply('OpenBCI V3 8-16 channel\nOn Board ADS1299 Device ID: 0x3E\nLIS3DH Device ID: 0x33\nFirmware: v3.1.2 (emulated)\n$$$')
            elif ch == 'C':
                reply('daisy attached16$$$' if daisy else 'no daisy to attach!8$$$')
            elif ch == 'c':
                reply('daisy removed$$$')
            elif ch == 'b':
                streaming, sent, started_at = True, 0, time.monotonic()
            elif ch == 's':
                streaming = False
                log(stopped_after_packets=sent)
    if streaming:
        due = int((time.monotonic() - started_at) * 250)
        chunk = b''
        while sent < due:
            if sent not in skip:
                chunk += packet(sent)
            sent += 1
        if chunk:
            try:
                os.write(master, chunk)
            except OSError:
                break
