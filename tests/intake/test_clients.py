"""Who counts as one client for the rate limits and the log-in lock."""

import pytest

from intake.clients import client_key, fingerprint


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("2001:DB8:1:2::FFFF", "2001:db8:1:2::/64"),
        ("fe80::1%eth0", "fe80::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),  # a dual-stack socket's IPv4 reader
        ("", ""),
        ("unix-socket", "unix-socket"),  # no address: kept as it came
    ],
)
def test_ipv6_readers_are_counted_by_their_64_network(address, key):
    assert client_key(address) == key


def test_the_fingerprint_is_one_for_a_whole_64_and_no_address():
    one = fingerprint("2001:db8:1:2::1", "secret")
    assert one == fingerprint("2001:db8:1:2:ffff::9", "secret")
    assert one != fingerprint("2001:db8:1:3::1", "secret")
    assert one != fingerprint("2001:db8:1:2::1", "another secret")
    assert "2001" not in one and len(one) == 24
