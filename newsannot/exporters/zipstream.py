"""Write a zip archive as a stream of bytes.

zipfile writes to a file object that cannot seek by using data descriptors; this one collects
what zipfile writes and hands it out after each member, so the archive is never whole in memory.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator


class _Sink:
    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self.chunks = b"".join(self.chunks), []
        return data


class ZipStream:
    def __init__(self) -> None:
        self.sink = _Sink()
        self.zip = zipfile.ZipFile(self.sink, mode="w", compression=zipfile.ZIP_DEFLATED)  # type: ignore[arg-type]
        self.names: set[str] = set()

    def _open(self, name: str):
        # zipfile writes a second member under a name already there, and unzipping keeps only
        # one: an article's text would be lost without a word. A format must name uniquely.
        if name in self.names:
            raise ValueError(f"{name!r} is in the archive already")
        parts = name.split("/")
        if name.startswith("/") or "\\" in name or any(p in {"", ".", ".."} for p in parts):
            raise ValueError(f"{name!r} is not a plain relative path")
        self.names.add(name)
        return self.zip.open(name, mode="w")

    def add(self, name: str, data: bytes) -> bytes:
        with self._open(name) as member:
            member.write(data)
        return self.sink.take()

    def add_file(self, name: str, source, chunk: int = 1 << 20) -> Iterator[bytes]:
        with self._open(name) as member:
            while block := source.read(chunk):
                member.write(block)
                yield self.sink.take()
        yield self.sink.take()

    def add_chunks(self, name: str, chunks: Iterator[bytes]) -> Iterator[bytes]:
        """A member written from chunks as they come (another writer's stream)."""
        with self._open(name) as member:
            for chunk in chunks:
                member.write(chunk)
                yield self.sink.take()
        yield self.sink.take()

    def close(self) -> bytes:
        self.zip.close()
        return self.sink.take()
