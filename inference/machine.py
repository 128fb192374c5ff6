"""The machine a timing ran on, and what else it was doing meanwhile.

A 2-core virtual machine shares its CPUs: the hypervisor may give a share of every second
to other guests ("steal" in /proc/stat) and other processes may run beside ours (the load
average). Timed numbers record both, so a reader can tell a slow model from a busy host.
Linux gives both; elsewhere they are left out. No heavy imports here.
"""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from pathlib import Path

PROC_STAT = Path("/proc/stat")


def cpu_model() -> str:
    """The CPU's model name (Linux), else what `platform` knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


@dataclass(frozen=True)
class CpuClock:
    """The CPU time counters and the load average at one moment."""

    total: int | None          # clock ticks of every kind, all CPUs (None: no /proc/stat)
    steal: int | None          # ticks the hypervisor gave to other guests
    load: float | None         # 1-minute load average, this process included

    @classmethod
    def now(cls, stat: Path = PROC_STAT) -> CpuClock:
        total = steal = None
        try:
            fields = stat.read_text(encoding="ascii").splitlines()[0].split()
            ticks = [int(v) for v in fields[1:9]]   # user nice system idle iowait irq softirq steal
            total, steal = sum(ticks), (ticks[7] if len(ticks) > 7 else 0)
        except (OSError, ValueError, IndexError):
            pass
        try:
            load: float | None = os.getloadavg()[0]
        except (AttributeError, OSError):
            load = None
        return cls(total, steal, load)

    def since(self, start: CpuClock) -> dict[str, float]:
        """`cpu_steal_fraction` (share of all CPU time taken by other guests between the
        two moments) and the load average at both, where known.

        Example:
            >>> CpuClock(1400, 300, 1.9).since(CpuClock(1000, 200, 0.4))
            {'cpu_steal_fraction': 0.25, 'load_average_before': 0.4, 'load_average_after': 1.9}
        """
        found: dict[str, float] = {}
        ticks = (self.total, start.total, self.steal, start.steal)
        if all(t is not None for t in ticks):
            total, total_before, steal, steal_before = (int(t or 0) for t in ticks)
            if total > total_before:
                found["cpu_steal_fraction"] = round(
                    (steal - steal_before) / (total - total_before), 3)
        if start.load is not None and self.load is not None:
            found.update(load_average_before=round(start.load, 2),
                         load_average_after=round(self.load, 2))
        return found


def process_cpu_seconds(pid: int, proc: Path = Path("/proc")) -> float | None:
    """CPU time (user and system) process `pid` has used so far, all its threads: how a
    benchmark reads the CPU of a server it does not run in (Neo4j's JVM). None where there
    is no such process or no /proc.

    Example:
        >>> process_cpu_seconds(os.getpid()) > 0
        True
    """
    try:
        stat = (proc / str(pid) / "stat").read_text(encoding="ascii")
        # the command name, in brackets, may hold spaces: the fields after it are counted
        fields = stat.rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def machine_text() -> str:
    """The CPU and how many cores: figures from different machines differ."""
    return f"CPU {cpu_model()}, {os.cpu_count()} cores"


def busy_text(busy: dict[str, float]) -> str:
    """What else the machine did during a measurement (`CpuClock.since`), as one phrase."""
    parts = []
    if "cpu_steal_fraction" in busy:
        parts.append(f"{busy['cpu_steal_fraction']:.0%} of the CPU time stolen by the "
                     "hypervisor")
    if "load_average_after" in busy:
        parts.append(f"load average {busy['load_average_before']:.2f} -> "
                     f"{busy['load_average_after']:.2f}")
    return "meanwhile: " + ("; ".join(parts) if parts else "unknown (no /proc/stat)")
