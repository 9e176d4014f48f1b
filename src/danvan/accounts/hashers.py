"""The password hasher: Argon2id with OWASP's recommended minimum cost.

Django's default Argon2 parameters (100 MiB of memory, 8 lanes) cost about 125 ms and 100 MiB a
login on this project's 2-core reference machine: twenty officials signing in at 7:30 hold 2 GiB
and queue every other request behind them (``danvan bench http``: login p95 1.3 s). OWASP's
Password Storage Cheat Sheet recommends Argon2id with at least 19 MiB, 2 iterations and 1 lane;
that costs about 21 ms. The algorithm name stays ``argon2``: stored hashes keep verifying, and
Django re-hashes a password with these parameters at its owner's next login (``must_update``).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    memory_cost = 19_456  # KiB
    time_cost = 2
    parallelism = 1
