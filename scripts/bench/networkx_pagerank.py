"""networkx's pure-Python PageRank on a SNAP edge list, timed; prints seconds and iterations as JSON.

Same graph as the engine's benchmark (self-loops dropped, every edge weight 1), same damping (0.85) and the
same stopping rule: L1 change of the whole vector below 1e-10 (networkx stops when err < N * tol).
Only the PageRank call is timed, not loading the graph.
"""
import gzip
import json
import sys
import time

import networkx as nx
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python


def main(path: str) -> None:
    opener = gzip.open if path.endswith(".gz") else open
    graph = nx.DiGraph()
    with opener(path, "rt") as f:
        for line in f:
            if line.startswith("#"):
                continue
            a, b = line.split()
            if a != b:
                graph.add_edge(a, b)
    n = graph.number_of_nodes()
    start = time.perf_counter()
    ranks = _pagerank_python(graph, alpha=0.85, tol=1e-10 / n, max_iter=10_000)
    seconds = time.perf_counter() - start
    print(json.dumps({"networkx_pagerank_s": round(seconds, 3), "nodes": n,
                      "edges": graph.number_of_edges(), "sum": sum(ranks.values())}))


if __name__ == "__main__":
    main(sys.argv[1])
