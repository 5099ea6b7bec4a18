"""A tiny protobuf wire-format writer for the fuzz corpus (no generated code needed)."""


def varint(n):
    n &= (1 << 64) - 1  # negative int64/int32 as the wire writes them: ten bytes
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def key(field, wire_type):
    return varint((field << 3) | wire_type)


def vint(field, n):
    return key(field, 0) + varint(n)


def ld(field, payload):
    if isinstance(payload, str):
        payload = payload.encode("utf-8", "surrogateescape")
    return key(field, 2) + varint(len(payload)) + payload


def double(field, x):
    import struct
    return key(field, 1) + struct.pack("<d", x)


def date(field, y, m, d):
    return ld(field, vint(1, y) + vint(2, m) + vint(3, d))
