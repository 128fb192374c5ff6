"""The machine a timing ran on: CPU counters read from a /proc/stat, and the figures' text."""

from __future__ import annotations

from pathlib import Path

from inference.machine import CpuClock, busy_text


def _stat(folder: Path, name: str, user: int, idle: int, steal: int) -> Path:
    path = folder / name
    path.write_text(f"cpu  {user} 0 10 {idle} 0 0 0 {steal} 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n")
    return path


def test_steal_is_the_share_of_all_cpu_time_other_guests_took(tmp_path: Path) -> None:
    before = CpuClock.now(_stat(tmp_path, "a", user=100, idle=500, steal=40))
    after = CpuClock.now(_stat(tmp_path, "b", user=300, idle=600, steal=140))
    busy = after.since(before)
    assert busy["cpu_steal_fraction"] == 0.25                 # 100 of 400 ticks
    assert "25% of the CPU time stolen by the hypervisor" in busy_text(busy)


def test_without_proc_stat_the_steal_is_left_out(tmp_path: Path) -> None:
    missing = CpuClock.now(tmp_path / "no-such-stat")
    assert missing.total is None
    assert "cpu_steal_fraction" not in CpuClock.now().since(missing)
    assert busy_text({}) == "meanwhile: unknown (no /proc/stat)"
