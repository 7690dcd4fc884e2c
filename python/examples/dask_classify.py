#!/usr/bin/env python3
"""Classify a partitioned CSV feed on a Dask cluster, when one machine is not enough.

Every CSV file of the feed (a glob such as 'feed/*.csv') is read by the workers, a
partition at a time; each partition is classified with ``sitrep.Model.predict`` and
written back out with its input columns and the prediction columns of
``sitrep-classify``. The model travels to the workers once, pickled as its model file's
bytes (checked on arrival like any model file).

Usage:
  python dask_classify.py 'feed/*.csv' --out labeled/          # a local cluster of 2 workers
  python dask_classify.py 'feed/*.csv' --out labeled/ --scheduler tcp://scheduler:8786
  python dask_classify.py 'feed/*.csv' --out labeled/ --model my.sitrep --workers 4

Without --scheduler a ``dask.distributed.LocalCluster`` is started with --workers
processes of one thread each; with it, the same code runs on that cluster (whose workers
need the sitrep package, and the feed's path). Each partition is classified on one
thread (``n_jobs=1``): Dask runs partitions side by side, one per worker thread, so
sitrep's own threads would only compete with them.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import dask.dataframe as dd
import pandas as pd

import sitrep


def classify_partition(frame: pd.DataFrame, model: sitrep.Model, text_columns=None, n_jobs=1) -> pd.DataFrame:
    """One partition with the prediction columns appended, named as ``sitrep-classify``
    names them in CSV output (prefixed with ``predicted_`` when the feed already has a
    column of that name, such as the true labels)."""
    if len(frame):
        predictions = model.predict(frame, text_columns=text_columns, n_jobs=n_jobs)
    else:  # Dask's empty sample of the feed: the columns without rows
        predictions = model.predict([""]).iloc[:0].set_axis(frame.index)
    if any(c in frame.columns for c in predictions.columns):
        predictions = predictions.add_prefix("predicted_")
    return pd.concat([frame, predictions], axis=1)


def read_feed(pattern: str, blocksize="64MB") -> dd.DataFrame:
    """A feed of CSV files as a Dask data frame: every column text, empty fields kept as
    empty strings (as sitrep reads CSV)."""
    return dd.read_csv(pattern, dtype=str, keep_default_na=False, blocksize=blocksize)


def classify_feed(feed: dd.DataFrame, model: sitrep.Model, text_columns=None, n_jobs=1, client=None) -> dd.DataFrame:
    """The feed with predictions, partition by partition (lazy: compute or write it).
    With a ``client``, the model is sent to every worker once, instead of with every task."""
    meta = classify_partition(feed._meta, model, text_columns)
    shipped = client.scatter(model, broadcast=True) if client is not None else model
    return feed.map_partitions(classify_partition, shipped, text_columns, n_jobs, meta=meta)


def write_partition(frame: pd.DataFrame, folder: str, partition_info=None) -> pd.Series:
    """Writes one labeled partition as ``folder/part-N.csv``; returns its row count."""
    number = partition_info["number"] if partition_info else 0
    os.makedirs(folder, exist_ok=True)
    frame.to_csv(os.path.join(folder, f"part-{number}.csv"), index=False)
    return pd.Series([len(frame)], dtype="int64")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("feed", help="CSV files to classify: a path or a glob such as 'feed/*.csv'")
    parser.add_argument("--out", required=True, help="folder for the labeled CSV files (one per partition)")
    parser.add_argument("--model", help="a .sitrep model file [default: the built-in model]")
    parser.add_argument("--text-column", action="append", dest="text_columns",
                        help="a text column, repeatable [default: the model's that the feed has]")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler [default: a local cluster]")
    parser.add_argument("--workers", type=int, default=2, help="workers of the local cluster [default: 2]")
    parser.add_argument("--blocksize", default="64MB", help="bytes of CSV per partition [default: 64MB]")
    args = parser.parse_args(argv)

    from dask.distributed import Client, LocalCluster

    model = sitrep.Model.load(args.model)
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        client = Client(LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True))
    with client:
        start = time.perf_counter()
        labeled = classify_feed(read_feed(args.feed, args.blocksize), model, args.text_columns, client=client)
        # each worker writes the partitions it classified, and counts their rows
        written = labeled.map_partitions(write_partition, args.out, meta=(None, "int64"))
        rows = int(written.sum().compute())
        seconds = time.perf_counter() - start
    print(f"classified {rows:,} rows in {seconds:.2f} s ({rows / seconds:,.0f} rows/s); written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
