"""Login security: Argon2 hashes, lockout after repeated failures, CSRF, security headers."""

from django.test import Client
from django.urls import reverse

from danvan.testing import PASSWORD


def test_passwords_are_hashed_with_argon2(cast):
    """The product's settings hash with Argon2 (the test settings use a fast hasher for the cast's users)."""
    from django.contrib.auth.hashers import make_password
    from django.test import override_settings

    import danvan.settings

    with override_settings(PASSWORD_HASHERS=danvan.settings.PASSWORD_HASHERS):
        assert make_password("mat-khau-thu").startswith("argon2$")
        cast.editor_a.set_password("mat-khau-thu")
        assert cast.editor_a.password.startswith("argon2$") and cast.editor_a.check_password("mat-khau-thu")


def test_argon2id_at_owasp_cost_and_older_hashes_upgraded_at_login(cast):
    """New hashes are Argon2id at 19 MiB, 2 iterations, 1 lane; a hash made with Django's
    default parameters still lets its owner in, and the login re-hashes it at the new cost."""
    from django.contrib.auth.hashers import Argon2PasswordHasher, identify_hasher, make_password
    from django.test import override_settings

    import danvan.settings

    with override_settings(PASSWORD_HASHERS=danvan.settings.PASSWORD_HASHERS):
        assert make_password("mat-khau-thu").startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
        user = cast.editor_a
        user.password = Argon2PasswordHasher().encode("mat-khau-thu", "saltsaltsalt")
        user.save(update_fields=["password"])
        assert "m=102400,t=2,p=8" in user.password and identify_hasher(user.password).must_update(user.password)
        client = Client()
        response = client.post(reverse("accounts:login"), {"username": user.username, "password": "mat-khau-thu"})
        assert response.status_code == 302
        user.refresh_from_db()
        assert "m=19456,t=2,p=1" in user.password and user.check_password("mat-khau-thu")


def test_login_works_and_logout_needs_post(cast):
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "bientap_a", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("web:home")
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("web:home")).status_code == 302


def test_repeated_failures_lock_the_account_even_with_the_right_password(cast):
    client = Client(REMOTE_ADDR="10.0.0.7")
    for _ in range(4):
        response = client.post(reverse("accounts:login"), {"username": "bientap_a", "password": "sai-mat-khau"})
        assert response.status_code == 200
        assert "không đúng" in response.content.decode()
    response = client.post(reverse("accounts:login"), {"username": "bientap_a", "password": "sai-mat-khau"})
    assert response.status_code == 429  # the fifth failure locks
    assert "khóa" in response.content.decode().lower()
    response = client.post(reverse("accounts:login"), {"username": "bientap_a", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_csrf_is_enforced_on_login(cast):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "bientap_a", "password": PASSWORD})
    assert response.status_code == 403


def test_security_headers(cast, client):
    login = client.post(reverse("accounts:login"), {"username": "bientap_a", "password": PASSWORD})
    assert login.cookies["sessionid"]["httponly"]
    response = client.get(reverse("web:home"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_password_change(cast, client):
    client.force_login(cast.editor_a)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "mot-mat-khau-moi-2026", "new_password2": "mot-mat-khau-moi-2026"})
    assert response.status_code == 302
    cast.editor_a.refresh_from_db()
    assert cast.editor_a.check_password("mot-mat-khau-moi-2026")


def test_vietnamese_is_the_default_even_for_an_english_browser(cast):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Đăng nhập" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Đăng nhập" not in page and "Sign in" in page
