"""The machine a timing ran on: CPU counters read from a /proc/stat, and the figures' text."""

from __future__ import annotations

from pathlib import Path

from inference.machine import CpuClock, busy_text, process_cpu_seconds


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


def test_a_process_cpu_is_its_user_and_system_time_past_a_name_with_spaces(
        tmp_path: Path) -> None:
    import os

    (tmp_path / "42").mkdir()
    ticks = os.sysconf("SC_CLK_TCK")
    # pid (comm) state, then 10 fields, then utime and stime (fields 14 and 15 of proc(5))
    (tmp_path / "42" / "stat").write_text(
        f"42 (java (a) b) S 1 2 3 4 5 6 7 8 9 10 {3 * ticks} {2 * ticks} 0 0 20 0 1 0\n")
    assert process_cpu_seconds(42, tmp_path) == 5.0
    assert process_cpu_seconds(43, tmp_path) is None


def test_this_process_has_used_cpu() -> None:
    import os

    spent = process_cpu_seconds(os.getpid())
    assert spent is not None and spent > 0
