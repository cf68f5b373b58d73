"""The address guard: which IP addresses a URL a stranger names may make us connect to.

Only public addresses, and an IPv6 address that carries an IPv4 address is judged by
what it carries: connecting to it reaches that IPv4 host (through a translator, a tunnel
or the dual-stack socket), so ``2002:a00:5::1`` (6to4 of 10.0.0.5) or ``64:ff9b::a00:5``
(NAT64 of 10.0.0.5) is as private as 10.0.0.5. The ranges and where their IPv4 address sits:

- IPv4-mapped ``::ffff:0:0/96``, IPv4-translated ``::ffff:0:0:0/96`` (SIIT), the
  deprecated IPv4-compatible ``::/96`` and the NAT64 well-known prefix ``64:ff9b::/96``
  (RFC 6052): the last 32 bits; the IPv4 address alone decides (it is what is reached);
- 6to4 ``2002::/16`` (RFC 3056): bits 16 to 47; Teredo ``2001::/32`` (RFC 4380): the
  server in bits 32 to 63 and the client, inverted, in the last 32 bits: each carried
  address must be public, and the IPv6 address itself as well (Teredo never is);
- the local-use NAT64 prefix ``64:ff9b:1::/48`` (RFC 8215) is refused whatever it
  carries: where its translator sends it, and in which of RFC 6052's layouts the
  IPv4 address sits, only the local network knows.

No I/O here: the fetcher resolves the host and asks :func:`refusal` for every address.
"""

import ipaddress
from collections.abc import Iterable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# IPv4 on the wire: the carried address is the one connected to.
CARRIERS = (
    (ipaddress.ip_network("::ffff:0:0/96"), "IPv4-mapped"),
    (ipaddress.ip_network("::ffff:0:0:0/96"), "IPv4-translated"),
    (ipaddress.ip_network("::/96"), "IPv4-compatible"),
    (ipaddress.ip_network("64:ff9b::/96"), "NAT64"),
)
NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")


def carried(ip: IPAddress) -> list[tuple[str, ipaddress.IPv4Address]]:
    """The IPv4 addresses an IPv6 address carries, each with the name of its range."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return []
    for network, name in CARRIERS:
        if ip in network:
            return [(name, ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))]
    if ip.sixtofour is not None:
        return [("6to4", ip.sixtofour)]
    if ip.teredo is not None:
        server, client = ip.teredo
        return [("Teredo server", server), ("Teredo client", client)]
    return []


def is_public(ip: IPAddress) -> bool:
    """Globally reachable, and no multicast, reserved or unspecified address."""
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def refusal(address: str, allowed: Iterable[IPNetwork] = (), allow_all: bool = False) -> str:
    """Why we never connect to ``address`` ("" when we may).

    ``allowed`` networks (``MENTIONS_ALLOW_NETWORKS``) pass although they are not
    public; an address that carries an IPv4 address passes when that one is allowed.
    """
    if allow_all:
        return ""
    ip = ipaddress.ip_address(address.split("%")[0])
    allowed = tuple(allowed)
    inner = carried(ip)
    if any(ip in network for network in allowed) or (
        inner and all(any(v4 in n for n in allowed) for _name, v4 in inner)
    ):
        return ""
    if ip in NAT64_LOCAL:
        return (
            f"the address {ip} is in the local-use NAT64 range {NAT64_LOCAL}: what it "
            "reaches is known only to the local network; it is never fetched"
        )
    for name, v4 in inner:
        if not is_public(v4):
            return (
                f"the address {ip} carries {v4} ({name}), which is not public; it is never fetched"
            )
    on_the_wire = inner and inner[0][0] in {name for _network, name in CARRIERS}
    if not on_the_wire and not is_public(ip):
        return f"the address {ip} is not public; it is never fetched"
    return ""
