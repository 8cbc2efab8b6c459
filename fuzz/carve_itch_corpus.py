#!/usr/bin/env python3
"""Carves the itch_decoder seed corpus (fuzz/corpus/itch_decoder/) from the shared NASDAQ sample.

    python3 fuzz/carve_itch_corpus.py [../shared/data/itch/ex20101224.TEST_ITCH_50]

Source: shared/data/itch/ex20101224.TEST_ITCH_50 (DavZim/RITCH, MIT). Every length prefix in it is
zero, so frames are cut by the type's spec length; a few seeds get their true length written in,
so the fuzzer starts from both framings; types absent from the sample get a synthetic seed. Each
seed is a few hundred bytes at most.
"""
import os
import sys

LENGTHS = dict(S=12, R=39, H=25, Y=20, L=26, V=35, W=12, K=28, J=35, h=21, O=48, A=36, F=40,
               E=31, C=36, X=23, D=19, U=35, P=44, Q=40, B=19, I=50, N=20)

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data", "itch",
                                                         "ex20101224.TEST_ITCH_50")
data = open(src, "rb").read()
frames = []
pos = 0
while pos + 3 <= len(data):
    n = LENGTHS[chr(data[pos + 2])]
    frames.append(data[pos:pos + 2 + n])
    pos += 2 + n

out = os.path.join(root, "fuzz", "corpus", "itch_decoder")
os.makedirs(out, exist_ok=True)


def write(name, blob):
    with open(os.path.join(out, name), "wb") as f:
        f.write(blob)


def with_length(frame):
    return (len(frame) - 2).to_bytes(2, "big") + frame[2:]


write("sample_head_zero_prefix", b"".join(frames[:10]))
seen = set()
for fr in frames:
    t = chr(fr[2])
    if t not in seen:
        seen.add(t)
        write(f"one_{t}_zero_prefix", fr)
        write(f"one_{t}_true_prefix", with_length(fr))
mid = len(frames) // 2
write("mixed_true_prefix", b"".join(with_length(f) for f in frames[mid:mid + 12]))
write("raw_message_A", next(f for f in frames if f[2] == ord("A"))[2:])
# Types the sample lacks: a synthetic message of each (header zero, a byte pattern after it, valid
# side/printable bytes), framed with its true length.
for t, n in LENGTHS.items():
    if t in seen:
        continue
    body = bytearray([ord(t)] + [0] * 10 + [0x20 + i for i in range(n - 11)])
    if t == "C":
        body[31] = ord("Y")
    write(f"synthetic_{t}_true_prefix", n.to_bytes(2, "big") + bytes(body))
print(f"{len(os.listdir(out))} seeds in {out}")
