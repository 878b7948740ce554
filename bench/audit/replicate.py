#!/usr/bin/env python3
"""Replicates a folder of real manifests N times into OUT, each copy with its own names.

    python3 bench/audit/replicate.py --times 25 --src ../shared/corpus --out bench/results/real-x25

Copy i of an object keeps its body; its namespace (or, for an object without one, its name, and for
a Namespace its name) gets the suffix -rI, so that the copies are distinct objects for every tool
(the same object read twice would be one object to Rempart: the last wins). Documents that are not
mappings are copied as they are. The source is read, never changed.
"""
import argparse
import os

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def rename(doc, suffix):
    if not isinstance(doc, dict):
        return doc
    if isinstance(doc.get("items"), list) and str(doc.get("kind", "")).endswith("List"):
        doc["items"] = [rename(item, suffix) for item in doc["items"]]
        return doc
    meta = doc.get("metadata")
    if not isinstance(meta, dict):
        return doc
    if doc.get("kind") == "Namespace" or not meta.get("namespace"):
        if "name" in meta:
            meta["name"] = f"{meta['name']}{suffix}"
    else:
        meta["namespace"] = f"{meta['namespace']}{suffix}"
    return doc


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--times", type=int, default=25)
    parser.add_argument("--src", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    files = sorted(f for f in os.listdir(args.src) if f.endswith((".yaml", ".yml", ".json")))
    for i in range(1, args.times + 1):
        folder = os.path.join(args.out, f"copy-{i:03d}")
        os.makedirs(folder, exist_ok=True)
        for name in files:
            with open(os.path.join(args.src, name), encoding="utf-8") as f:
                docs = [d for d in yaml.load_all(f, Loader=Loader) if d is not None]
            with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
                yaml.dump_all(
                    [rename(d, f"-r{i}") for d in docs],
                    f,
                    Dumper=Dumper,
                    sort_keys=False,
                    default_flow_style=False,
                    width=1 << 16,
                    explicit_start=True,
                )


if __name__ == "__main__":
    main()
