"""A reader sending the comment form over HTTP, as the article page's script does."""

import json
import urllib.parse
import urllib.request


def send_comment(url: str, form: dict[str, str], timeout: float = 60) -> dict:
    """POST ``form`` to the intake at ``url`` asking for JSON; its answer (201: the id).
    HTTPError for any other status, OSError when the intake does not answer."""
    request = urllib.request.Request(
        url, data=urllib.parse.urlencode(form).encode(), headers={"Accept": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        assert answer.status == 201, answer.status
        return json.loads(answer.read())
