"""The same pipeline on a Dask cluster (two in-process workers) writes what one process writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.parallel import Job, clean_files, clean_files_dask
from pipeline.runner import PipelineConfig

from .conftest import FIXTURES
from .test_parallel import _same_tree

distributed = pytest.importorskip("distributed")


def test_dask_run_is_identical_to_the_single_process_run(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    cases = ["zh-speeches-2020", "latin-prose", "technical-zh", "technical-en"]
    for case in cases:
        shutil.copy(FIXTURES / case / "input.txt", d / f"{case}.txt")
    paths = sorted(str(p) for p in d.iterdir())
    config = PipelineConfig.build()
    local = list(clean_files(paths, Job(config, str(tmp_path / "local"))))
    with distributed.LocalCluster(n_workers=2, processes=False, threads_per_worker=1, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            remote = clean_files_dask(paths, Job(config, str(tmp_path / "dask")), client)
            assert len(client.scheduler_info()["workers"]) == 2
    assert [r.path for r in remote] == paths
    assert [r.error for r in remote] == [None] * len(paths)
    assert [r.documents for r in remote] == [r.documents for r in local]
    assert {Path(r.path).stem: r.documents for r in remote}["zh-speeches-2020"] == 12
    assert _same_tree(tmp_path / "local", tmp_path / "dask")


def test_dask_run_refuses_stdout():
    from pipeline.errors import PipelineError

    with pytest.raises(PipelineError, match="give an output directory"):
        clean_files_dask(["x.txt"], Job(PipelineConfig.build(), None), "tcp://127.0.0.1:1")
