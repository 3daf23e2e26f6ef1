#!/usr/bin/python3
"""Generates SciPy reference vectors for dsp-wasm/tests (run: /usr/bin/python3 make-vectors.py).

Debian python3-scipy (1.10.1) + numpy (1.24.2). The outputs are committed; tests never run Python.
The synthetic input is recomputed by the tests with the same formula (see synthetic()).
"""
import json
import numpy as np
import scipy
import scipy.signal as sig


def synthetic(n, fs):
    i = np.arange(n, dtype=np.float64)
    return (np.sin(2 * np.pi * 10 * i / fs) + 0.5 * np.sin(2 * np.pi * 31.3 * i / fs)
            + 0.1 * (((i * 7919) % 1000) / 1000 - 0.5) + 0.002 * i)


butter_cases = []
for order in range(1, 9):
    for btype, cutoff, fs in [('lowpass', 30.0, 250.0), ('highpass', 0.5, 250.0), ('bandpass', [1.0, 40.0], 160.0),
                              ('bandstop', [48.0, 52.0], 250.0), ('bandpass', [8.0, 12.0], 1000.0),
                              ('highpass', 40.0, 100.0)]:
        sos = sig.butter(order, cutoff, btype=btype, fs=fs, output='sos')
        butter_cases.append({'order': order, 'type': btype, 'cutoffHz': cutoff, 'fs': fs, 'sos': sos.ravel().tolist()})

notch_cases = []
for f0, q, fs in [(50.0, 30.0, 250.0), (60.0, 30.0, 160.0), (60.0, 10.0, 1000.0)]:
    b, a = sig.iirnotch(f0, q, fs=fs)
    notch_cases.append({'frequencyHz': f0, 'quality': q, 'fs': fs, 'b': b.tolist(), 'a': a.tolist()})

fs = 256.0
x = synthetic(3000, fs)
welch_cases = []
for name, n, kw in [
    ('median', 3000, dict(nperseg=512, noverlap=256, average='median')),
    ('linear', 3000, dict(nperseg=512, noverlap=256, detrend='linear')),
    ('spectrum', 3000, dict(nperseg=256, noverlap=128, scaling='spectrum')),
    ('flattop-nfft', 3000, dict(window='flattop', nperseg=256, noverlap=64, nfft=1024)),
    ('short-shrinks', 300, dict(nperseg=512)),
    ('odd-segment', 3000, dict(nperseg=250, noverlap=100)),
]:
    f, p = sig.welch(x[:n], fs, **kw)
    welch_cases.append({'name': name, 'n': n, 'options': kw, 'f': f.tolist(), 'psd': p.tolist()})

f, t, sxx = sig.spectrogram(x, fs, window='hann', nperseg=256, noverlap=128, detrend='constant', scaling='density', mode='psd')
spectrogram = {'n': 3000, 'nperseg': 256, 'noverlap': 128, 'f': f.tolist(), 't': t.tolist(), 'power': sxx.T.ravel().tolist()}

sos = sig.butter(3, [5.0, 30.0], btype='bandpass', fs=fs, output='sos')
filtfilt = {'sos': sos.ravel().tolist(), 'zi': sig.sosfilt_zi(sos).ravel().tolist(),
            'y': sig.sosfiltfilt(sos, x).tolist(), 'ycausal': sig.sosfilt(sos, x).tolist()}

detrended = sig.detrend(x[:1000], type='linear').tolist()

out = {'generator': 'dsp-wasm/tests/vectors/make-vectors.py', 'scipy': scipy.__version__, 'numpy': np.__version__,
       'synthetic': 'x[i] = sin(2 pi 10 i/fs) + 0.5 sin(2 pi 31.3 i/fs) + 0.1 (((i*7919) % 1000)/1000 - 0.5) + 0.002 i, fs = 256',
       'butter': butter_cases, 'notch': notch_cases, 'welch': welch_cases, 'spectrogram': spectrogram,
       'sosfiltfilt': filtfilt, 'detrendLinear1000': detrended}
with open('scipy-vectors.json', 'w') as fh:
    json.dump(out, fh)
print('wrote scipy-vectors.json')
