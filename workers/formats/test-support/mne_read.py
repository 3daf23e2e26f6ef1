"""Reads an EDF/BDF file with MNE and prints what the round-trip test compares, as JSON on stdout.

Usage: /usr/bin/python3 mne_read.py <file>
Data are returned in microvolts (MNE scales 'uV' channels to volts on reading; we undo that).
"""
import json
import sys

import mne

mne.set_log_level("ERROR")
path = sys.argv[1]
reader = mne.io.read_raw_bdf if path.endswith(".bdf") else mne.io.read_raw_edf
raw = reader(path, preload=True, verbose="ERROR")
data = raw.get_data() * 1e6
print(json.dumps({
    "ch_names": raw.ch_names,
    "sfreq": float(raw.info["sfreq"]),
    "n_times": int(raw.n_times),
    "meas_date": raw.info["meas_date"].isoformat() if raw.info["meas_date"] else None,
    "annotations": [
        {"onset": float(a["onset"]), "duration": float(a["duration"]), "description": a["description"]}
        for a in raw.annotations
    ],
    "data": [[float(v) for v in row] for row in data],
}))
