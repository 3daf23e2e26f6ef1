"""The original Clisonix "Complete Workflow" as a Python `requests` client runs it (see
complete-workflow.ts for its source), then a recording uploaded with `requests.post(files=...)`.
Prints one JSON object with what each step answered.

usage: complete_workflow.py ALBA_URL ALBI_URL JONA_URL ORCHESTRATOR_URL IMPORT_URL RECORDING
"""
import json
import sys

import requests

alba, albi, jona, orchestrator, import_url, recording = sys.argv[1:7]
out = {}

r1 = requests.post(f"{alba}/ingest", json={"source": "eeg_device_001", "type": "brainwave", "payload": {"frequency": 10.5, "amplitude": 0.8}})
out["ingest"] = [r1.status_code, r1.json()]

r2 = requests.post(f"{albi}/analyze", json={"channels": {"ch1": [1.0, 1.1, 1.0, 0.9, 1.1], "ch2": [2.0, 2.1, 2.0, 1.9, 2.1]}})
out["analyze"] = [r2.status_code, r2.json()]

r3 = requests.post(f"{jona}/synthesize", json={"mode": "relax", "frequency": 10.0, "duration": 30})
synthesis = r3.json()
out["synthesize"] = [r3.status_code, synthesis]

audio = requests.get(f"{jona}/synthesize/{synthesis['synthesis_id']}/audio")
out["audio"] = [audio.status_code, audio.headers.get("content-type"), len(audio.content), audio.content[:4].decode("latin1")]

registry = requests.get(f"{orchestrator}/registry")
out["registry"] = [registry.status_code, {name: s["status"] for name, s in registry.json()["services"].items()}]

with open(recording, "rb") as f:
    imported = requests.post(import_url, files={"file": ("rec.edf", f)})
out["import"] = [imported.status_code, imported.json()]

json.dump(out, sys.stdout)
