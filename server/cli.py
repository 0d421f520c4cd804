"""``thermocraft-server``: apply migrations, then serve with uvicorn.

With no configuration it uses SQLite in ``$XDG_DATA_HOME/thermocraft/server.db``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from pydantic import ValidationError

from server import migrate
from server.settings import DEFAULT_SECRET_KEY, Settings, embedded_secret_key


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="thermocraft-server", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1,
                        help="uvicorn worker processes (use PostgreSQL for more than one; "
                             "without THERMOCRAFT_DASK_SCHEDULER they share one embedded "
                             "cluster started here)")
    parser.add_argument("--no-migrate", action="store_true",
                        help="do not apply database migrations on start")
    parser.add_argument("--proxy-headers", action="store_true",
                        help="trust X-Forwarded-* from --forwarded-allow-ips (behind a proxy)")
    parser.add_argument("--forwarded-allow-ips", default="127.0.0.1")
    parser.add_argument("--timeout-worker-healthcheck", type=int, default=30, metavar="SECONDS",
                        help="with several workers: how long a worker may take to answer the "
                             "supervisor's health check before it is restarted (default 30; "
                             "uvicorn's own default of 5 is short on a busy machine)")
    parser.add_argument("--max-header-bytes", type=int, default=65_536, metavar="BYTES",
                        help="largest request head (request line + headers) the server "
                             "buffers; larger requests are refused (default 64 KiB)")
    args = parser.parse_args(argv)

    try:
        settings = Settings()  # validates: production refuses default secrets and SQLite
        if settings.secret_key == DEFAULT_SECRET_KEY:  # development: never the public key
            os.environ["THERMOCRAFT_SECRET_KEY"] = embedded_secret_key()  # read by workers
            settings = Settings()
    except ValidationError as exc:
        sys.exit("thermocraft-server: " + "; ".join(e["msg"] for e in exc.errors()))
    logging.basicConfig(level=settings.log_level,
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")
    if not args.no_migrate:
        migrate.upgrade(settings.database_url)
    logging.getLogger("thermocraft").info("serving on %s:%d (%s)", args.host, args.port,
                                          settings.database_url.split("@")[-1])
    with shared_cluster(settings, args.workers):
        uvicorn.run(
            "server.app:create_app", factory=True, host=args.host, port=args.port,
            workers=args.workers, proxy_headers=args.proxy_headers,
            forwarded_allow_ips=args.forwarded_allow_ips,
            log_level=settings.log_level.lower(),
            access_log=False,  # thermocraft.access logs each request once, its path bounded
            timeout_worker_healthcheck=args.timeout_worker_healthcheck,
            **server_limits(args.max_header_bytes),
        )


@contextmanager
def shared_cluster(settings: Settings, workers: int) -> Iterator[str | None]:
    """With several workers and no ``THERMOCRAFT_DASK_SCHEDULER``: one embedded cluster
    for all of them, started here and named to them as their scheduler (each worker would
    otherwise start a cluster of its own on its first job: N times the solve slots), stopped
    when the server stops. Its solve workers read the database and the result store from
    the environment, set here from the settings. Yields the address (None: nothing to
    share, a single worker starts its own cluster on its first job)."""
    if workers <= 1 or settings.dask_scheduler:
        yield None
        return
    from server.solving.cluster import embedded_cluster

    os.environ["THERMOCRAFT_DATABASE_URL"] = settings.database_url
    os.environ["THERMOCRAFT_RESULT_STORE_DIR"] = settings.result_store_dir
    cluster = embedded_cluster(settings.dask_local_workers, settings.dask_threads_per_worker,
                               allowed_failures=settings.job_max_attempts - 1)
    os.environ["THERMOCRAFT_DASK_SCHEDULER"] = cluster.scheduler_address
    logging.getLogger("thermocraft").info("the %d workers share the cluster at %s",
                                          workers, cluster.scheduler_address)
    try:
        yield cluster.scheduler_address
    finally:
        del os.environ["THERMOCRAFT_DASK_SCHEDULER"]
        cluster.close()


def server_limits(max_header_bytes: int) -> dict:
    """uvicorn options bounding a request head: the h11 parser refuses a head larger than
    ``max_header_bytes`` while receiving it (httptools has no such bound), answered 431 with
    the app's JSON detail (``server.h11_limits``)."""
    from server.h11_limits import HeadLimitH11Protocol

    return {"http": HeadLimitH11Protocol, "h11_max_incomplete_event_size": max_header_bytes}


if __name__ == "__main__":
    main()
