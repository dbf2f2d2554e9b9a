"""Crawl throughput: pages/s of `newsfacts crawl` over many sites on loopback, without a
delay (what the crawler itself can do) and with the default politeness delay (what a polite
crawl of that many hosts can do: about hosts / delay pages per second).

    python benchmarks/crawl.py [--hosts 50] [--pages 40] [--polite-pages 10] [--extract N]

Each host is its own HTTP server on 127.0.0.1 (its own port, so its own politeness queue),
all served from one separate process: a robots.txt without a Crawl-delay, a front page
linking `--pages` articles, and the articles (about 6 KB of HTML each). The crawler runs as
`newsfacts crawl --no-extract` (fetch, archive to WARC, frontier in a new SQLite file) so the
figure is the crawler's, not spaCy's; `--extract N` adds a run with extraction over N pages
per host. pages/s counts URL fetches (robots.txt not included) over the time between the
first and the last request in the crawl's own log; wall time includes start-up.
No benchmark data is involved: the sites are generated.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPH = ("The council of {host} approved a budget of {n} million euros for new tram lines on Tuesday, "
             "the mayor said, after a debate that lasted more than six hours and ended in a vote of 31 to 12. ")


def article(host: int, n: int) -> bytes:
    body = "".join(f"<p>{PARAGRAPH.format(host=f'Town {host}', n=n + k)}</p>" for k in range(25))
    return (f'<html><head><title>Story {n} of town {host}</title><meta property="og:type" content="article">'
            f"</head><body><nav><a href='/'>Home</a></nav><article><h1>Story {n}</h1>{body}</article></body></html>"
            ).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        host, pages = self.server.site  # type: ignore[attr-defined]
        status = 200
        if self.path == "/robots.txt":
            body, kind = b"User-agent: *\nAllow: /\n", "text/plain"
        elif self.path == "/":
            links = "".join(f'<a href="/2025/08/05/story-{i}-of-the-day.html">Story {i}</a> ' for i in range(pages))
            body, kind = f"<html><body><h1>Town {host}</h1>{links}</body></html>".encode(), "text/html"
        elif self.path.startswith("/2025/08/05/story-"):
            body, kind = article(host, int(self.path.split("-")[1])), "text/html; charset=utf-8"
        else:
            status, body, kind = 404, b"not found", "text/plain"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(hosts: int, pages: int, ports: multiprocessing.Queue, stop: multiprocessing.Event) -> None:
    servers = []
    for host in range(hosts):
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.site = (host, pages)  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, args=(0.1,), daemon=True).start()
        servers.append(server)
    ports.put([s.server_address[1] for s in servers])
    stop.wait()
    for server in servers:
        server.shutdown()


def crawl_log_span(db: Path) -> tuple[int, float]:
    """(URL fetches, seconds from the first request to the last) from the crawl's own log."""
    from datetime import datetime

    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT at FROM crawl_log WHERE event = 'fetch' AND url NOT LIKE '%/robots.txt'"))
        stamps = sorted(datetime.fromisoformat(str(r[0])) for r in rows)
    engine.dispose()
    return len(stamps), (stamps[-1] - stamps[0]).total_seconds() if len(stamps) > 1 else 0.0


def run(label: str, hosts: int, pages: int, delay: float | None, extract: bool, concurrency: int) -> None:
    ports_queue: multiprocessing.Queue = multiprocessing.Queue()
    stop = multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(hosts, pages, ports_queue, stop), daemon=True)
    server.start()
    ports = ports_queue.get(timeout=30)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "crawl.db"
        command = [sys.executable, "-m", "pipeline", "crawl", *(f"http://127.0.0.1:{p}/" for p in ports),
                   "--db", f"sqlite:///{db}", "--warc-dir", str(Path(tmp) / "warc"), "--allow-private",
                   "--concurrency", str(concurrency), *([] if extract else ["--no-extract"]),
                   *([] if delay is None else ["--delay", str(delay)])]
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - start
        stop.set()
        server.join(10)
        if done.returncode != 0:
            sys.exit(f"{label}: crawl failed ({done.returncode}):\n{done.stderr[-2000:]}")
        fetched, span = crawl_log_span(db)
        warc = sum(f.stat().st_size for f in (Path(tmp) / "warc").glob("*.warc.gz"))
    rate = fetched / span if span else float("nan")
    print(f"{label:<44} {hosts:>4} hosts {fetched:>6} pages {span:7.1f} s {rate:8.1f} pages/s "
          f"(wall {wall:.1f} s, WARC {warc / 1e6:.1f} MB)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--pages", type=int, default=40, help="articles per host without a delay")
    parser.add_argument("--polite-pages", type=int, default=10, help="articles per host with the default delay")
    parser.add_argument("--concurrency", type=int, default=64, help="hosts fetched at once (--concurrency)")
    parser.add_argument("--extract", type=int, default=0, help="also crawl N articles per host with extraction")
    args = parser.parse_args()
    from pipeline.settings import Settings  # after ROOT is on the path

    default = Settings().crawl_delay
    run("no delay (--delay 0), archive only", args.hosts, args.pages, 0.0, False, args.concurrency)
    run(f"default delay ({default:g} s per host), archive only", args.hosts, args.polite_pages, None, False,
        args.concurrency)
    if args.extract:
        run("no delay, with extraction (1 worker)", args.hosts, args.extract, 0.0, True, args.concurrency)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
