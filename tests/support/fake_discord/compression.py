"""Gateway transport compression, chosen per connection from the ``compress`` query parameter."""

from __future__ import annotations

import zlib
from typing import Any


class PlainEncoder:
    """No transport compression: JSON in text frames."""

    name = "none"
    binary = False

    def encode(self, text: str) -> str | bytes:
        return text


class ZlibStreamEncoder:
    """``zlib-stream``: one compressor per connection; each payload ends in a sync flush."""

    name = "zlib-stream"
    binary = True

    def __init__(self) -> None:
        self._compressor = zlib.compressobj()

    def encode(self, text: str) -> bytes:
        return self._compressor.compress(text.encode()) + self._compressor.flush(zlib.Z_SYNC_FLUSH)


def _zstd_compressor() -> Any | None:
    """A streaming zstd compressor with a per-payload flush, if a zstd module imports."""
    try:
        import zstandard  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        pass
    else:
        stream = zstandard.ZstdCompressor().compressobj()
        return lambda data: stream.compress(data) + stream.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
    try:
        from compression import zstd  # type: ignore[import-not-found, unused-ignore]  # Python 3.14+
    except ImportError:
        return None
    compressor = zstd.ZstdCompressor()
    return lambda data: compressor.compress(data, mode=zstd.ZstdCompressor.FLUSH_BLOCK)


def zstd_available() -> bool:
    return _zstd_compressor() is not None


class ZstdStreamEncoder:
    """``zstd-stream``: one zstd frame per connection, flushed block by block."""

    name = "zstd-stream"
    binary = True

    def __init__(self) -> None:
        compress = _zstd_compressor()
        if compress is None:
            raise RuntimeError("no zstd module")
        self._compress = compress

    def encode(self, text: str) -> bytes:
        return bytes(self._compress(text.encode()))


def encoder_for(compress: str | None) -> PlainEncoder | ZlibStreamEncoder | ZstdStreamEncoder:
    """Pick the encoder for a ``compress`` query value; unknown or unavailable means plain JSON."""
    if compress == "zlib-stream":
        return ZlibStreamEncoder()
    if compress == "zstd-stream" and zstd_available():
        return ZstdStreamEncoder()
    return PlainEncoder()
