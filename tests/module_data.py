"""Data built once for all the tests of a module (an expensive demo build), seen by each test as if
built for it alone.

The data is written inside a transaction opened for the module; each test's own transaction
(pytest-django's ``db``) nests in it as a savepoint and is rolled back after the test, so whatever
a test changes (a reset, a rebuild) is gone before the next one. The module's transaction is rolled
back after its last test. Only for modules without transactional tests (``transactional_db``
commits and flushes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator


def built_once[T](django_db_blocker, build: Callable[[], T]) -> Iterator[T]:
    """Yield ``build()``'s result, written in a transaction rolled back when the generator resumes.

    Use in a module-scoped fixture: ``yield from built_once(django_db_blocker, build)``.
    """
    from django.db import transaction

    with django_db_blocker.unblock():
        block = transaction.atomic()
        block._from_testcase = True  # as TestCase's own blocks: a durable atomic inside is allowed
        block.__enter__()
        try:
            result = build()
        except BaseException as error:
            block.__exit__(type(error), error, error.__traceback__)
            raise
    try:
        yield result
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            block.__exit__(None, None, None)
