# SPDX-License-Identifier: Apache-2.0
# An encoder independent of fieldnode: SenML JSON (argv[1]) to SenML CBOR (argv[2]) with the integer labels of
# RFC 8428 §6 and vd as a byte string, by Python's cbor2 (Debian: python3-cbor2).
import base64, json, sys, cbor2
LABELS = {"bver": -1, "bn": -2, "bt": -3, "bu": -4, "bv": -5, "bs": -6,
          "n": 0, "u": 1, "v": 2, "vs": 3, "vb": 4, "s": 5, "t": 6, "ut": 7, "vd": 8}
def record(r):
    out = {}
    for key, value in r.items():
        if key == "vd":
            value = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        out[LABELS[key]] = value
    return out
with open(sys.argv[1]) as f:
    pack = [record(r) for r in json.load(f)]
with open(sys.argv[2], "wb") as f:
    f.write(cbor2.dumps(pack))
