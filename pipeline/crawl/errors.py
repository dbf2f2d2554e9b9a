"""The crawler's errors, below pipeline.errors' FetchError (`locator` is the URL or host):

    FetchError
    ├── RetryableFetch   no usable answer this time (timeout, lost connection): retried with backoff
    └── RefusedAddress   the host resolves to a private, loopback, link-local or other non-public
                         address and --allow-private was not given: never retried
"""

from __future__ import annotations

from pipeline.errors import FetchError


class RetryableFetch(FetchError):
    pass


class RefusedAddress(FetchError):
    pass
