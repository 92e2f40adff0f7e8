#!/usr/bin/python3
# Checks that the peers reached the same node sets with the same times.
#   peers_check.py single OURS.csv PEER.csv NAME    (src,limit,node,time)
#   peers_check.py fleet  OURS.csv PEER.csv NAME    (node,time)
# A peer's times may be floats (pgRouting agg_cost): equal within 1e-6 ms.
# Exit status 1 on any difference.
import csv
import sys


def read(path, key_cols):
    out = {}
    with open(path) as f:
        r = csv.reader(f)
        next(r)
        for row in r:
            if not row:
                continue
            key = tuple(int(float(x)) for x in row[:key_cols])
            out[key] = float(row[key_cols])
    return out


def main():
    mode, ours_path, peer_path, name = sys.argv[1:5]
    k = 3 if mode == "single" else 1
    ours, peer = read(ours_path, k), read(peer_path, k)
    only_ours = set(ours) - set(peer)
    only_peer = set(peer) - set(ours)
    differ = [x for x in set(ours) & set(peer) if abs(ours[x] - peer[x]) > 1e-6]
    ok = not only_ours and not only_peer and not differ
    print(f"check {name}: {len(ours)} reached (source, limit, node) / node entries; "
          f"only ours {len(only_ours)}, only {name} {len(only_peer)}, time differs {len(differ)} -> "
          f"{'EQUAL' if ok else 'DIFFERENT'}")
    for x in list(only_ours)[:3]:
        print(f"  only ours: {x} {ours[x]}")
    for x in list(only_peer)[:3]:
        print(f"  only {name}: {x} {peer[x]}")
    for x in differ[:3]:
        print(f"  differs: {x} ours {ours[x]} {name} {peer[x]}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
