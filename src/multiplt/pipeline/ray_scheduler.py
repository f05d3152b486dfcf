"""`RayScheduler` (``run.runner = "ray"``): parts run in long-lived Ray actors across a cluster.

Each actor is one worker process on some node holding its own
:class:`~multiplt.pipeline.resources.Resources` for its life, so a node keeps its
warm sandbox workers and LLM backend across every part it runs (not one per part).
A part is still :func:`~multiplt.pipeline.scheduler.process_part` over the same
Parquet parts and done markers, so a run started locally resumes on Ray and the
reverse. The run folder must be storage every node sees: a shared filesystem, or object
storage (`multiplt.storage`; each task carries its path with the storage options).

An actor method is a streaming generator: it yields progress counts and resource
events as they happen, then the part's result. When an actor dies (its node was
killed, its process crashed), its part has no done marker yet: the part is given to
another live actor and a replacement actor is asked for, which joins once Ray places
it. Progress already reported for the lost attempt is not reported twice.
"""

from __future__ import annotations

import os
import queue
import socket
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from multiplt.pipeline.parts import PartResult
from multiplt.pipeline.resources import EventSink, ResourceSettings
from multiplt.pipeline.scheduler import PartFailed, PartTask
from multiplt.pipeline.stage import Stage

_END = object()


class RayUnavailable(RuntimeError):
    """Ray is not installed, or the cluster at ``run.address`` cannot be reached."""


class PartWorker:
    """The actor body: one process's resources, and parts run with them (made a Ray actor in `open`)."""

    def __init__(self, settings: ResourceSettings | None) -> None:
        from multiplt.pipeline.resources import Resources

        self._events: queue.Queue[Any] = queue.Queue()
        import ray

        self._where = {"node_id": ray.get_runtime_context().get_node_id(), "host": socket.gethostname(),
                       "worker_pid": os.getpid()}
        self._resources = Resources(settings, sink=self._sink)

    def _sink(self, event: str, **fields: Any) -> None:
        self._events.put(("event", event, {**fields, **self._where}))

    def ready(self) -> dict[str, Any]:
        """Where this actor runs (its node and pid); answered once the actor is placed."""
        return self._where

    def run_part(self, stage: Stage, task: PartTask) -> Iterator[Any]:
        """Yield ``("progress", n)`` and ``("event", name, fields)`` as they happen, then ``("result", PartResult)``."""
        from multiplt.pipeline.scheduler import process_part

        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                outcome["result"] = process_part(stage, task, self._resources,
                                                 lambda count: self._events.put(("progress", count)))
            except BaseException as error:  # re-raised in the generator: Ray hands it to the driver
                outcome["error"] = error
            finally:
                self._events.put(_END)

        thread = threading.Thread(target=work, name=f"part-{task.index}", daemon=True)
        thread.start()
        while (item := self._events.get()) is not _END:
            yield item
        thread.join()
        if "error" in outcome:
            raise outcome["error"]
        yield ("result", outcome["result"])

    def close(self) -> list[tuple[Any, ...]]:
        """Close the resources; return the events that closing made (``resource_closed``)."""
        self._resources.close()
        events = []
        while not self._events.empty():
            item = self._events.get_nowait()
            if item is not _END:
                events.append(item)
        return events


@dataclass
class _Running:
    task: PartTask
    actor: Any
    stream: Any  # the ObjectRefGenerator of the actor's run_part


class RayScheduler:
    """Runs parts in ``actors`` Ray actors (0: one per ``cpus_per_actor`` CPUs of the cluster).

    ``address`` is the cluster's (``host:port`` of ``ray start --head``, ``ray://...``
    for Ray Client, or ``auto``); None starts a private local Ray instance.
    """

    placement_wait_s = 60.0

    def __init__(self, jobs: int = 0, address: str | None = None, cpus_per_actor: int = 1) -> None:
        self.actors = jobs
        self.address = address
        self.cpus_per_actor = max(1, cpus_per_actor)
        self._event: EventSink = lambda event, **fields: None
        self._settings: ResourceSettings | None = None
        self._actor_class: Any = None
        self._idle: list[Any] = []
        self._starting: dict[Any, Any] = {}  # ready() ObjectRef -> actor not yet placed
        self._all: list[Any] = []
        self._started_ray = False

    # -- lifecycle ---------------------------------------------------------------

    def open(self, resources: ResourceSettings | None, event: EventSink) -> None:
        """Connect to the cluster and ask for the actors (each opens its resources on first use)."""
        try:
            import ray
        except ImportError as error:
            raise RayUnavailable("run.runner = 'ray' needs Ray: pip install 'multiplt[ray]'") from error
        self._event = event
        self._settings = resources
        if not ray.is_initialized():
            try:
                ray.init(address=self.address, logging_level="WARNING", log_to_driver=False)
            except (ConnectionError, RuntimeError, ValueError) as error:
                raise RayUnavailable(f"cannot reach the Ray cluster at {self.address!r}: {error}") from error
            self._started_ray = True
        count = self.actors or max(1, int(ray.cluster_resources().get("CPU", 1)) // self.cpus_per_actor)
        self._actor_class = ray.remote(num_cpus=self.cpus_per_actor, max_restarts=0,
                                       scheduling_strategy="SPREAD")(PartWorker)
        for _ in range(count):
            self._start_actor()
        # Wait a while for the actors to be placed, so the first stage spreads over every
        # node; actors placed later (a cluster still scaling up) join as they come.
        ready, _ = ray.wait(list(self._starting), num_returns=len(self._starting), timeout=self.placement_wait_s)
        for ref in ready:
            self._actor_placed(ref)
        self._event("ray_open", address=self.address, actors=count, cpus_per_actor=self.cpus_per_actor,
                    cluster_cpus=ray.cluster_resources().get("CPU", 0), nodes=len(ray.nodes()))

    def _start_actor(self) -> None:
        actor = self._actor_class.remote(self._settings)
        self._all.append(actor)
        self._starting[actor.ready.remote()] = actor

    def _actor_placed(self, ref: Any) -> None:
        import ray

        actor = self._starting.pop(ref)
        try:
            where = ray.get(ref)
        except Exception as error:
            self._event("ray_actor_lost", error=f"{type(error).__name__}: {error}", during="start")
            return
        self._event("ray_actor_ready", **where)
        self._idle.append(actor)

    def close(self) -> None:
        """Close every live actor's resources (logging their last events), then end the actors."""
        import ray

        closing = {actor.close.remote(): actor for actor in self._idle}
        for ref in closing:
            try:
                for item in ray.get(ref, timeout=60):
                    self._event(item[1], **item[2])
            except Exception as error:  # a dead actor has nothing left to close
                self._event("ray_actor_lost", error=f"{type(error).__name__}: {error}", during="close")
        for actor in self._all:
            ray.kill(actor)
        self._idle, self._starting, self._all = [], {}, []
        if self._started_ray:
            ray.shutdown()
            self._started_ray = False

    # -- running parts -------------------------------------------------------------

    def run_parts(self, stage: Stage, tasks: Sequence[PartTask], advance: Callable[[int], None]) -> Iterator[PartResult]:
        """Each task's result as it finishes; a lost actor's part goes to another; `PartFailed` on a raise."""
        import ray
        from ray.exceptions import RayTaskError

        queue_: list[PartTask] = list(tasks)
        reported: dict[int, int] = {}  # records reported per part, over all its attempts
        counted: dict[int, int] = {}  # records reported by the current attempt
        running: list[_Running] = []
        stage_ref = ray.put(stage)

        def dispatch() -> None:
            while queue_ and self._idle:
                task, actor = queue_.pop(0), self._idle.pop()
                stream = actor.run_part.options(num_returns="streaming").remote(stage_ref, task)
                counted[task.index] = 0
                running.append(_Running(task, actor, stream))

        while queue_ or running:
            dispatch()
            if not running and not self._starting:
                raise PartFailed(queue_[0].index, RuntimeError("no Ray actor is left to run parts"))
            ready, _ = ray.wait([*(item.stream for item in running), *self._starting], num_returns=1)
            ref = ready[0]
            if not any(ref is item.stream for item in running):
                self._actor_placed(ref)
                continue
            item = next(item for item in running if item.stream is ref)
            running.remove(item)
            try:
                message = ray.get(next(item.stream))
            except StopIteration:
                message = None
            except RayTaskError as error:  # the stage raised: the run stops, as locally
                cause = error.cause if isinstance(error.cause, BaseException) else error
                raise PartFailed(item.task.index, cause) from cause
            except Exception as error:  # the actor or its node died: redo the part elsewhere
                self._event("ray_actor_lost", part=item.task.index, error=f"{type(error).__name__}: {error}")
                self._all.remove(item.actor)
                queue_.insert(0, item.task)
                self._start_actor()
                continue
            if message is None:
                raise PartFailed(item.task.index, RuntimeError("the part's stream ended without a result"))
            if message[0] == "result":
                self._idle.append(item.actor)
                yield message[1]
                continue
            if message[0] == "progress":
                index = item.task.index
                counted[index] += message[1]
                fresh = counted[index] - reported.get(index, 0)
                if fresh > 0:
                    reported[index] = counted[index]
                    advance(fresh)
            elif message[0] == "event":
                self._event(message[1], **message[2])
            running.append(item)
