"""Real file systems that fail on cue, for the storage fault tests: a small tmpfs that fills up
(ENOSPC) and a loop-device ext4 that the kernel turns read-only under open files (EROFS). Both need
the right to mount; without it the test using them skips, saying why."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _sh(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip()


def unmount(path: Path) -> None:
    """Unmount, lazily if something still holds it (a service that would not die): never leave a
    mount behind on a shared machine."""
    if subprocess.run(["umount", str(path)], capture_output=True).returncode:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


class Ext4Volume:
    """A fresh ext4 file system on a loop device, mounted errors=remount-ro (what Debian and Ubuntu
    put in fstab). Writing to its `trigger_fs_error` raises a real ext4 error, and the kernel turns
    the file system read-only under every open file: a disk going bad in production.

    Why not `mount -o remount,ro` of a tmpfs: the kernel refuses that (EBUSY) while any file is open
    for writing, and the service keeps its SQLite files open. The way back is the operator's: the
    kernel keeps an errored ext4 read-only until it is unmounted (remount,rw does not lift it), so
    `repair` unmounts, runs fsck and mounts again, with the service stopped."""

    def __init__(self, tmp: Path, mount_point: Path) -> None:
        self.image = tmp / "disk.img"
        self.mount_point = mount_point
        self.loop = ""

    def __enter__(self) -> Ext4Volume:
        self.mount_point.mkdir(parents=True, exist_ok=True)
        try:
            with self.image.open("wb") as out:
                out.truncate(256 << 20)
            _sh("mkfs.ext4", "-q", "-F", str(self.image))
            self.loop = _sh("losetup", "--find", "--show", str(self.image))
            self.mount()
        except (OSError, subprocess.CalledProcessError) as exc:
            self.__exit__()
            pytest.skip(f"cannot mount a loop-device ext4 here: {getattr(exc, 'stderr', None) or exc}")
        if not self.trigger.exists():
            self.__exit__()
            pytest.skip(f"{self.trigger} is missing: cannot raise an ext4 error on this kernel")
        return self

    @property
    def trigger(self) -> Path:
        return Path("/sys/fs/ext4") / Path(self.loop).name / "trigger_fs_error"

    def mount(self) -> None:
        _sh("mount", "-o", "errors=remount-ro", self.loop, str(self.mount_point))

    def fail(self) -> None:
        self.trigger.write_text("newsdesk read-only disk test\n")
        # Newer kernels show this as "emergency_ro" rather than "ro" in /proc/mounts: try a write.
        with pytest.raises(OSError, match="Read-only file system"):
            (self.mount_point / "probe").write_bytes(b"x")

    def repair(self) -> None:
        _sh("umount", str(self.mount_point))
        fsck = subprocess.run(["e2fsck", "-fy", str(self.image)], capture_output=True, text=True)
        assert fsck.returncode in (0, 1), fsck.stdout + fsck.stderr  # 1: errors found and fixed
        self.mount()

    def __exit__(self, *exc: object) -> None:
        if os.path.ismount(self.mount_point):
            unmount(self.mount_point)
        if self.loop:
            subprocess.run(["losetup", "-d", self.loop], capture_output=True)
        self.image.unlink(missing_ok=True)


@contextlib.contextmanager
def small_tmpfs(path: Path, size: str) -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "none", str(path)], capture_output=True
    )
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield path
    finally:
        unmount(path)


def fill(path: Path) -> None:
    """Take every free byte of the file system, as a runaway log would (unbuffered: a buffer left
    over at ENOSPC would fail again on close)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        for size in (1 << 20, 4096):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * size)
    finally:
        os.close(fd)
