"""Who counts as one client for the rate limits and the log-in lock.

An IPv4 reader is one address. An IPv6 reader is one /64 network: a provider gives
each line (or each of its customers' routers) a /64 at least, and every device in it
picks addresses at will, so counting full addresses would make one line an endless
supply of fresh allowances. A dual-stack socket's IPv4-mapped address is the IPv4 one.
"""

import ipaddress

from intake.store import client_fingerprint

IPV6_CLIENT_PREFIX = 64


def client_key(address: str) -> str:
    """The client an address belongs to: the IPv4 address, or the IPv6 /64 network."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return address  # no IP address (a Unix socket): kept as it came
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, IPV6_CLIENT_PREFIX), strict=False))
    return str(ip)


def fingerprint(address: str, secret: str) -> str:
    """A one-way fingerprint of the client: enough for the limits, never an address
    (the same as before for an IPv4 reader, so a running window is kept)."""
    return client_fingerprint(client_key(address), secret)
