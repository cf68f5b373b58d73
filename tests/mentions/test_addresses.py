"""The address guard judges an IPv6 address that carries an IPv4 address by what it carries."""

import ipaddress

import pytest

from mentions.addresses import refusal
from mentions.fetcher import Fetcher, FetchRefused
from mentions.settings import MentionsSettings

# (address, what it reaches): every range that embeds or maps an IPv4 address, with a
# private, loopback or metadata-service address inside.
CARRYING_PRIVATE = [
    ("2002:a00:5::1", "10.0.0.5 (6to4)"),  # the repro of the issue
    ("2002:7f00:1::1", "127.0.0.1 (6to4)"),
    ("2002:a9fe:a9fe::", "169.254.169.254 (6to4)"),
    ("2002:c0a8:101:1::1", "192.168.1.1 (6to4)"),
    ("64:ff9b::a00:5", "10.0.0.5 (NAT64)"),
    ("64:ff9b::7f00:1", "127.0.0.1 (NAT64)"),
    ("64:ff9b::a9fe:a9fe", "169.254.169.254 (NAT64)"),
    ("::ffff:a00:5", "10.0.0.5 (IPv4-mapped)"),
    ("::ffff:127.0.0.1", "127.0.0.1 (IPv4-mapped)"),
    ("::ffff:0:a00:5", "10.0.0.5 (IPv4-translated)"),
    ("::a00:5", "10.0.0.5 (IPv4-compatible)"),
    ("::127.0.0.1", "127.0.0.1 (IPv4-compatible)"),
    # Teredo: server 65.54.227.120, client 10.0.0.5 (stored inverted: f5ff:fffa)
    ("2001:0:4136:e378:8000:63bf:f5ff:fffa", "10.0.0.5 (Teredo client)"),
    ("2001:0:a00:5:8000:63bf:3fff:fdd2", "10.0.0.5 (Teredo server)"),
]


@pytest.mark.parametrize(("address", "reaches"), CARRYING_PRIVATE)
def test_an_address_carrying_a_private_one_is_refused(address, reaches):
    with pytest.raises(FetchRefused) as refused:
        Fetcher(MentionsSettings()).check_address(address)
    assert f"carries {reaches}, which is not public" in str(refused.value)


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b:1::a00:5",  # local-use NAT64 (RFC 8215), whatever it carries
        "64:ff9b:1::808:808",
        "64:ff9b:1:a00:5::",
    ],
)
def test_the_local_use_nat64_range_is_refused(address):
    with pytest.raises(FetchRefused, match=r"local-use NAT64 range 64:ff9b:1::/48"):
        Fetcher(MentionsSettings()).check_address(address)


@pytest.mark.parametrize(
    "address",
    [
        "2002:808:808::1",  # 6to4 of 8.8.8.8
        "64:ff9b::808:808",  # NAT64 of 8.8.8.8: how an IPv6-only host reaches IPv4 sites
        "::ffff:93.184.215.14",
        "93.184.215.14",
        "2a00:1450:4001:82a::200e",
    ],
)
def test_an_address_carrying_a_public_one_passes(address):
    assert refusal(address) == ""
    Fetcher(MentionsSettings()).check_address(address)


@pytest.mark.parametrize(
    "address",
    [
        # Teredo with two public addresses: still not public (IANA: 2001::/23 is not
        # globally reachable), as the guard always said.
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",
        "::",
        "::1",
        "fe80::1%eth0",
        "ff02::1",
    ],
)
def test_other_special_ipv6_addresses_stay_refused(address):
    assert "is not public" in refusal(address) or "carries" in refusal(address)


def test_an_allowed_network_allows_what_carries_its_addresses():
    local = [ipaddress.ip_network("127.0.0.0/8")]
    assert refusal("::ffff:127.0.0.1", local) == ""
    assert refusal("2002:7f00:1::1", local) == ""
    assert "10.0.0.5" in refusal("2002:a00:5::1", local)
    assert refusal("2002:a00:5::1", allow_all=True) == ""
