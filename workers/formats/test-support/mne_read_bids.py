"""Reads one EEG recording of a BIDS dataset with MNE the way MNE-BIDS does, and prints what the test
compares, as JSON on stdout: the EDF/BDF read by MNE, channel types set from channels.tsv (BIDS type ->
MNE type), events from events.tsv.

Usage: /usr/bin/python3 mne_read_bids.py <path to *_eeg.edf|bdf>
(python3-mne 1.3 has no mne_bids; this is its read_raw_bids for the parts the test checks.)
"""
import csv
import json
import sys

import mne

mne.set_log_level("ERROR")
path = sys.argv[1]
stem = path.rsplit("_eeg.", 1)[0]
reader = mne.io.read_raw_bdf if path.endswith(".bdf") else mne.io.read_raw_edf
raw = reader(path, preload=False, verbose="ERROR")
# MNE-BIDS' mapping of BIDS channel types to MNE's.
to_mne = {"EEG": "eeg", "EOG": "eog", "ECG": "ecg", "EMG": "emg", "TRIG": "stim", "MISC": "misc", "ACCEL": "misc", "GYRO": "misc", "PPG": "misc"}
with open(stem + "_channels.tsv", newline="") as f:
    channels = list(csv.DictReader(f, delimiter="\t"))
raw.set_channel_types({c["name"]: to_mne.get(c["type"], "misc") for c in channels if c["name"] in raw.ch_names})
with open(stem + "_events.tsv", newline="") as f:
    events = list(csv.DictReader(f, delimiter="\t"))
raw.set_annotations(mne.Annotations(
    onset=[float(e["onset"]) for e in events],
    duration=[float(e["duration"]) for e in events],
    description=[e["trial_type"] + "/" + e["value"] for e in events],
))
print(json.dumps({
    "ch_names": raw.ch_names,
    "types": raw.get_channel_types(),
    "sfreq": float(raw.info["sfreq"]),
    "n_times": int(raw.n_times),
    "tsv_channels": channels,
    "annotations": [
        {"onset": float(a["onset"]), "duration": float(a["duration"]), "description": a["description"]}
        for a in raw.annotations
    ],
}))
