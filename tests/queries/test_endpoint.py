"""--endpoint: the stored queries give the same answers on a real Oxigraph server.

Starts `oxigraph serve` (the `oxigraph` package from PyPI) on 127.0.0.1 on a free port,
loads the built N-Quads over the Graph Store Protocol, runs every stored query there and
embedded, compares, and stops the server.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from mpsc_graph.core.settings import Settings
from mpsc_graph.export import serialize
from mpsc_graph.pipeline import Built, assemble
from mpsc_graph.queries import QueryResult, bind, load_queries, run, run_remote
from tests.support import REAL_DATA, run_cli

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
pytestmark = pytest.mark.skipif(
    not Path(OXIGRAPH).exists(), reason="the oxigraph server (pip install oxigraph) is missing"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def built() -> Built:
    return assemble(Settings(data_dir=REAL_DATA))


@pytest.fixture(scope="module")
def endpoint(built: Built) -> Iterator[str]:
    port = _free_port()
    server = subprocess.Popen(
        [OXIGRAPH, "serve", "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):  # up to 10 s for the server to start
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("oxigraph server did not start")
        request = urllib.request.Request(
            f"{base}/store",
            data=serialize(built.quads, "nq", built.prefixes),
            headers={"Content-Type": "application/n-quads"},
            method="POST",
        )
        urllib.request.urlopen(request, timeout=30).close()
        yield f"{base}/query"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _comparable(result: QueryResult) -> object:
    if result.kind == "construct":
        return Counter(str(t) for t in result.triples)
    if result.kind == "ask":
        return result.boolean
    return (result.variables, Counter(tuple(str(t) for t in row) for row in result.rows))


def _examples(query) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {p.name: p.example for p in query.parameters if p.required}


QUERIES = load_queries(Settings().queries_dir)


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_same_results_on_the_server(query, built: Built, endpoint: str) -> None:  # type: ignore[no-untyped-def]
    bound = bind(query, _examples(query), built.settings.base)
    graphs = built.iris.query_default_graphs
    embedded = run(query, built.store, bound, graphs)
    remote = run_remote(query, endpoint, bound, graphs)
    assert _comparable(remote) == _comparable(embedded)


def test_cli_endpoint_option(endpoint: str) -> None:
    result = run_cli("query", "conference-timeline", "--endpoint", endpoint, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("conference,number,date")
    assert len(result.output.splitlines()) > 1


def test_unreachable_endpoint_is_exit_4() -> None:
    result = run_cli(
        "query", "conference-timeline", "--endpoint", f"http://127.0.0.1:{_free_port()}/query"
    )
    assert result.exit_code == 4
    assert "not reachable" in result.output
