#!/usr/bin/python3
"""SciPy reference group delays for dsp-wasm/tests/albi-group-delay.test.ts (run: python3 make-group-delay.py).

Each case: a Butterworth or notch design (SciPy's own coefficients), frequencies in Hz, and the delay in
seconds as the sum over sections of scipy.signal.group_delay. The output is committed; tests never run Python.
"""
import json
import numpy as np
import scipy
import scipy.signal as sig

cases = []
for name, sos, fs, freqs in [
    ('butter(4, [8, 12]) band-pass @ 256 Hz', sig.butter(4, [8.0, 12.0], btype='bandpass', fs=256.0, output='sos'), 256.0,
     [6.0, 8.0, 9.5, 10.0, 11.0, 12.0, 20.0]),
    ('butter(4, [1, 40]) band-pass @ 250 Hz', sig.butter(4, [1.0, 40.0], btype='bandpass', fs=250.0, output='sos'), 250.0,
     [0.5, 1.0, 5.0, 10.0, 30.0, 40.0, 60.0]),
    ('butter(2, 30) low-pass @ 1000 Hz', sig.butter(2, 30.0, btype='lowpass', fs=1000.0, output='sos'), 1000.0,
     [0.0, 10.0, 30.0, 100.0, 499.0]),
    ('butter(8, 0.5) high-pass @ 250 Hz', sig.butter(8, 0.5, btype='highpass', fs=250.0, output='sos'), 250.0,
     [0.75, 1.0, 2.0, 10.0, 100.0]),
    ('iirnotch(50, 30) @ 250 Hz', np.concatenate(sig.iirnotch(50.0, 30.0, fs=250.0)).reshape(1, 6), 250.0,
     [10.0, 45.0, 49.0, 51.0, 80.0]),
]:
    delays = []
    for f in freqs:
        w = 2 * np.pi * f / fs
        total = 0.0
        for section in sos:
            _, gd = sig.group_delay((section[:3], section[3:]), w=[w])
            total += gd[0]
        delays.append(total / fs)
    cases.append({'name': name, 'fs': fs, 'sos': sos.ravel().tolist(), 'frequenciesHz': freqs, 'delaySec': delays})

with open('group-delay.json', 'w') as out:
    json.dump({'scipy': scipy.__version__, 'cases': cases}, out, indent=1)
