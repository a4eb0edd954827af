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

    def add(self, name: str, data: bytes) -> bytes:
        with self.zip.open(name, mode="w") as member:
            member.write(data)
        return self.sink.take()

    def add_file(self, name: str, source, chunk: int = 1 << 20) -> Iterator[bytes]:
        with self.zip.open(name, mode="w") as member:
            while block := source.read(chunk):
                member.write(block)
                yield self.sink.take()
        yield self.sink.take()

    def close(self) -> bytes:
        self.zip.close()
        return self.sink.take()
