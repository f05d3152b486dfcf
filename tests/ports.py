"""Free TCP ports on loopback for the tests' servers (llama.cpp, fault servers, Ray nodes)."""

from __future__ import annotations

import socket

_HANDED_OUT: set[int] = set()


def free_ports(count: int) -> list[int]:
    """``count`` distinct TCP ports nothing listens on right now, none handed out before in this process.

    The probes stay bound until all are chosen: one probe at a time, the kernel may give the
    same port twice, and two of Ray's components on one port stop a node from starting.
    """
    probes: list[socket.socket] = []
    ports: list[int] = []
    try:
        while len(ports) < count:
            probe = socket.socket()
            probes.append(probe)
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
            if port not in _HANDED_OUT:
                _HANDED_OUT.add(port)
                ports.append(port)
    finally:
        for probe in probes:
            probe.close()
    return ports


def free_port() -> int:
    """A TCP port nothing listens on right now (see `free_ports`)."""
    return free_ports(1)[0]
