"""Pure-Python primitives for the independent Urna verifier, written from Specs/crypto.md.

P-256 arithmetic (Jacobian coordinates), SEC1 compressed encoding, H/LP hashing.
"""
import hashlib
import struct

# crypto.md §1
P = int("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16)
A_ = P - 3
B_ = int("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16)
GX = int("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296", 16)
GY = int("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5", 16)
Q = int("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16)

INF = None  # affine point at infinity


class DecodeError(Exception):
    pass


# ---------------------------------------------------------------- Jacobian arithmetic
# A Jacobian point is (X, Y, Z) with x = X/Z^2, y = Y/Z^3; Z == 0 is infinity.
JINF = (1, 1, 0)


def to_jac(pt):
    if pt is None:
        return JINF
    return (pt[0], pt[1], 1)


def from_jac(j):
    X, Y, Z = j
    if Z == 0:
        return None
    zi = pow(Z, -1, P)
    zi2 = zi * zi % P
    return (X * zi2 % P, Y * zi2 * zi % P)


def jdouble(j):
    X1, Y1, Z1 = j
    if Z1 == 0 or Y1 == 0:
        return JINF
    # a = -3 formulas (dbl-2001-b)
    delta = Z1 * Z1 % P
    gamma = Y1 * Y1 % P
    beta = X1 * gamma % P
    alpha = 3 * (X1 - delta) * (X1 + delta) % P
    X3 = (alpha * alpha - 8 * beta) % P
    Z3 = ((Y1 + Z1) ** 2 - gamma - delta) % P
    Y3 = (alpha * (4 * beta - X3) - 8 * gamma * gamma) % P
    return (X3, Y3, Z3)


def jadd(j1, j2):
    X1, Y1, Z1 = j1
    X2, Y2, Z2 = j2
    if Z1 == 0:
        return j2
    if Z2 == 0:
        return j1
    Z1Z1 = Z1 * Z1 % P
    Z2Z2 = Z2 * Z2 % P
    U1 = X1 * Z2Z2 % P
    U2 = X2 * Z1Z1 % P
    S1 = Y1 * Z2 * Z2Z2 % P
    S2 = Y2 * Z1 * Z1Z1 % P
    if U1 == U2:
        if S1 != S2:
            return JINF
        return jdouble(j1)
    H = (U2 - U1) % P
    I = (2 * H) ** 2 % P
    J = H * I % P
    r = 2 * (S2 - S1) % P
    V = U1 * I % P
    X3 = (r * r - J - 2 * V) % P
    Y3 = (r * (V - X3) - 2 * S1 * J) % P
    Z3 = ((Z1 + Z2) ** 2 - Z1Z1 - Z2Z2) * H % P
    return (X3, Y3, Z3)


def jneg(j):
    return (j[0], (-j[1]) % P, j[2])


def add(p1, p2):
    return from_jac(jadd(to_jac(p1), to_jac(p2)))


def neg(pt):
    if pt is None:
        return None
    return (pt[0], (-pt[1]) % P)


def sub(p1, p2):
    return add(p1, neg(p2))


def _wnaf_table(pt, w=4):
    j = to_jac(pt)
    d = jdouble(j)
    tbl = [j]
    for _ in range((1 << (w - 1)) - 1):
        tbl.append(jadd(tbl[-1], d))
    return tbl  # odd multiples 1,3,5,...,2^w-1


def _wnaf(k, w=4):
    out = []
    while k:
        if k & 1:
            m = k % (1 << (w + 1))
            if m >= (1 << w):
                m -= 1 << (w + 1)
            k -= m
            out.append(m)
        else:
            out.append(0)
        k >>= 1
    return out


_G_TABLE_CACHE = {}


def multi_mul(pairs):
    """Σ k_i·P_i for (k, point) pairs, Straus/wNAF interleaving. Returns affine point or None."""
    items = []
    for k, pt in pairs:
        k %= Q
        if k == 0 or pt is None:
            continue
        key = pt
        tbl = _G_TABLE_CACHE.get(key)
        if tbl is None:
            tbl = _wnaf_table(pt)
            if pt == (GX, GY):
                _G_TABLE_CACHE[key] = tbl
        items.append((_wnaf(k), tbl))
    if not items:
        return None
    n = max(len(w) for w, _ in items)
    acc = JINF
    for i in range(n - 1, -1, -1):
        acc = jdouble(acc)
        for w, tbl in items:
            if i < len(w):
                d = w[i]
                if d > 0:
                    acc = jadd(acc, tbl[d >> 1])
                elif d < 0:
                    acc = jadd(acc, jneg(tbl[(-d) >> 1]))
    return from_jac(acc)


def mul(k, pt):
    return multi_mul([(k, pt)])


G = (GX, GY)


def on_curve(pt):
    x, y = pt
    return (y * y - (x * x * x + A_ * x + B_)) % P == 0


# ---------------------------------------------------------------- encodings (crypto.md §1.1, §1.2)
def decode_point(data, allow_inf=False):
    if allow_inf and len(data) == 1:
        if data == b"\x00":
            return None
        raise DecodeError("bad infinity encoding")
    if len(data) != 33:
        raise DecodeError("point length %d" % len(data))
    if data[0] not in (2, 3):
        raise DecodeError("point prefix %02x" % data[0])
    x = int.from_bytes(data[1:], "big")
    if x >= P:
        raise DecodeError("x >= p")
    rhs = (x * x * x + A_ * x + B_) % P
    y = pow(rhs, (P + 1) // 4, P)
    if y * y % P != rhs:
        raise DecodeError("not on curve")
    if (y & 1) != (data[0] & 1):
        y = P - y
    return (x, y)


def encode_point(pt):
    if pt is None:
        return b"\x00"
    x, y = pt
    return bytes([2 | (y & 1)]) + x.to_bytes(32, "big")


def strict_hex(s):
    if not isinstance(s, str) or s != s.lower() or len(s) % 2:
        raise DecodeError("non-canonical hex")
    return bytes.fromhex(s)


def point_hex(s, allow_inf=False):
    return decode_point(strict_hex(s), allow_inf)


def scalar_hex(s):
    b = strict_hex(s)
    if len(b) != 32:
        raise DecodeError("scalar length")
    v = int.from_bytes(b, "big")
    if v >= Q:
        raise DecodeError("scalar >= q")
    return v


def sc(v):
    return (v % Q).to_bytes(32, "big")


def u32(n):
    return struct.pack(">I", n)


def u64(n):
    return struct.pack(">Q", n)


# ---------------------------------------------------------------- crypto.md §2
def LP(tag, *items):
    if isinstance(tag, str):
        tag = tag.encode()
    out = [u32(len(tag)), tag]
    for x in items:
        if isinstance(x, str):
            x = x.encode("utf-8")
        out.append(u32(len(x)))
        out.append(x)
    return b"".join(out)


def H(tag, *items):
    return hashlib.sha256(LP(tag, *items)).digest()


def challenge(tag, *items):
    return int.from_bytes(H(tag, *items), "big") % Q
