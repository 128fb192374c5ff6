"""Connections spread evenly over the worker processes of `capgraph serve --workers N`.

uvicorn's workers all listen on one socket, and the worker the kernel wakes first accepts
every connection waiting (libuv accepts until none is left). A few keep-alive clients then
often sit on one worker: at 4 connections over two workers one did 53-78% of the work while
the other idled (README, Benchmarks). Here each worker accepts connections itself, one at a
time, and only while no other live worker has fewer open (`app.connection_counts`): a worker
that is ahead stands back for a millisecond and looks again, and accepts all the same after
`STAND_BACK_S`, so a connection never waits long on a worker that is busy or stuck.

`serve_workers` runs the workers: spawned processes over the one bound socket, each replaced
when it dies (as uvicorn's own supervisor does; a worker that fails to start stops them all).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import socket
import threading
from pathlib import Path
from typing import Any

import uvicorn
from uvicorn.server import Server

from app.connection_counts import ConnectionCounts
from app.web import WORKER_STARTUP_FAILURE as STARTUP_FAILURE

__all__ = ["BalancedServer", "serve_workers"]

STAND_BACK_S = 0.005
"""The longest a worker that is ahead leaves a waiting connection to the others."""
LOOK_AGAIN_S = 0.001
"""How soon a worker that stood back looks at the waiting connections again."""

logger = logging.getLogger("uvicorn.error")


class BalancedServer(Server):
    """A uvicorn server that accepts connections from the shared socket itself, one at a
    time, only when no other worker has fewer open (see the module)."""

    def __init__(self, config: uvicorn.Config, counts: ConnectionCounts) -> None:
        super().__init__(config)
        self.counts = counts
        self._listener: socket.socket | None = None
        self._waiting_since: float | None = None     # when this worker first stood back
        self._again: asyncio.TimerHandle | None = None
        self._connecting: set[asyncio.Task[None]] = set()     # accepted, not yet connected

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        if not sockets:
            await super().startup(sockets)
            return
        await super().startup(sockets=[])        # the app's start-up; no listener of its own
        loop = asyncio.get_running_loop()
        config, counts = self.config, self.counts

        class Counted(config.http_protocol_class):  # type: ignore[name-defined,misc]
            def connection_lost(self, exc: Exception | None) -> None:
                try:
                    super().connection_lost(exc)
                finally:
                    counts.closed()

        def protocol() -> asyncio.Protocol:
            return Counted(config=config, server_state=self.server_state,
                           app_state=self.lifespan.state)

        self._protocol = protocol
        self._listener = sockets[0]
        self._listener.setblocking(False)
        loop.add_reader(self._listener.fileno(), self._readable)

    def _readable(self) -> None:
        listener = self._listener
        if listener is None:
            return
        loop = asyncio.get_running_loop()
        if self.counts.others_fewer():
            now = loop.time()
            if self._waiting_since is None:
                self._waiting_since = now
            if now - self._waiting_since < STAND_BACK_S:
                loop.remove_reader(listener.fileno())
                self._again = loop.call_later(LOOK_AGAIN_S, self._listen_again)
                return
        self._waiting_since = None
        try:
            connection, _ = listener.accept()
        except (BlockingIOError, InterruptedError):
            return                                  # another worker took it
        except OSError as exc:                      # out of file descriptors, say
            logger.error("capgraph serve: could not accept a connection: %s", exc)
            loop.remove_reader(listener.fileno())
            self._again = loop.call_later(1.0, self._listen_again)
            return
        connection.setblocking(False)
        self.counts.opened()
        task = loop.create_task(self._connect(connection))
        self._connecting.add(task)
        task.add_done_callback(self._connecting.discard)

    def _listen_again(self) -> None:
        self._again = None
        if self._listener is not None:
            asyncio.get_running_loop().add_reader(self._listener.fileno(), self._readable)

    async def _connect(self, connection: socket.socket) -> None:
        loop = asyncio.get_running_loop()
        try:
            await loop.connect_accepted_socket(self._protocol, connection,
                                               ssl=self.config.ssl)
        except BaseException:       # never served: it will not be counted closed
            self.counts.closed()
            connection.close()
            raise

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        if self._listener is not None:            # stop accepting first
            asyncio.get_running_loop().remove_reader(self._listener.fileno())
            self._listener = None
            if self._again is not None:
                self._again.cancel()
        await super().shutdown(sockets)


def _worker(config: uvicorn.Config, listener: socket.socket, counts_path: str) -> None:
    """One worker process: uvicorn's logging, a slot in the table, the server."""
    config.configure_logging()
    counts = ConnectionCounts.attach(Path(counts_path))
    try:
        BalancedServer(config, counts).run(sockets=[listener])
    finally:
        counts.close()


def serve_workers(config: uvicorn.Config, workers: int) -> int:
    """Serve `config` (its app an import string) with `workers` processes over one bound
    socket until SIGINT or SIGTERM; each worker that dies is replaced. 0, or 3 when a
    worker could not start (its app, or the socket, is broken: every restart would fail)."""
    config.workers = workers
    listener = config.bind_socket()
    listener.listen(config.backlog)          # uvicorn's servers listen in create_server
    counts = ConnectionCounts.create(slots=2 * workers)
    spawn = multiprocessing.get_context("spawn")
    stop = threading.Event()
    status = 0

    def start() -> Any:
        process = spawn.Process(target=_worker, args=(config, listener, str(counts.path)))
        process.start()
        return process

    previous = {sig: signal.signal(sig, lambda *_: stop.set())
                for sig in (signal.SIGINT, signal.SIGTERM)}
    logger.info("capgraph serve: supervisor %d, %d workers", os.getpid(), workers)
    processes = [start() for _ in range(workers)]
    try:
        while not stop.wait(0.5):
            for index, process in enumerate(processes):
                if process.is_alive():
                    continue
                process.join()
                if process.exitcode == STARTUP_FAILURE:
                    logger.error("capgraph serve: worker [%d] could not start; stopping",
                                 process.pid)
                    status = STARTUP_FAILURE
                    stop.set()
                    break
                logger.info("capgraph serve: worker [%d] died (exit %s); starting another",
                            process.pid, process.exitcode)
                processes[index] = start()
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(config.timeout_graceful_shutdown or 30)
            if process.is_alive():
                process.kill()
                process.join()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        listener.close()
        counts.close()
        counts.remove()
    return status
