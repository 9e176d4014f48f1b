"""Users, their grants (role + unit subtree, optionally one organization kind) and API tokens."""

import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.models import province_key

from .choices import PERSONAL_DATA_ROLES, PERSONAL_EXPORT_ROLES, WRITE_ROLES, Role, sees_sensitive_data


class User(AbstractUser):
    """A danvan user. What they see and change comes from their grants."""

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    # Cached per request: grants are read once.
    def grants_cached(self) -> list["Grant"]:
        if not hasattr(self, "_grants_cache"):
            self._grants_cache = list(self.grants.select_related("unit"))
        return self._grants_cache

    def roles(self) -> set[str]:
        if self.is_superuser:
            return {Role.ADMIN}
        return {g.role for g in self.grants_cached()}

    @property
    def is_system_admin(self) -> bool:
        return self.is_superuser or Role.ADMIN in self.roles()

    def can_write(self) -> bool:
        return bool(self.roles() & WRITE_ROLES)

    def sees_personal_data(self) -> bool:
        return bool(self.roles() & PERSONAL_DATA_ROLES)

    def exports_personal_data(self) -> bool:
        return bool(self.roles() & PERSONAL_EXPORT_ROLES)

    def sees_sensitive_data(self) -> bool:
        """Ethnicity, Party membership (Law 91/2025/QH15): ``choices.sees_sensitive_data``."""
        return sees_sensitive_data(self)


class Grant(models.Model):
    """A user's role over one unit's whole subtree, optionally narrowed to one organization kind."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey("geo.AdminUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT)
    org_kind = models.CharField(_("loại tổ chức"), max_length=20, blank=True)
    # The unit's province (a province's own id; None for a grant over the whole country).
    province = province_key()

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit", "org_kind"], name="accounts_grant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.province_id = self.unit.province_id
        super().save(*args, **kwargs)


class ApiToken(models.Model):
    """A bearer token; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created = models.DateTimeField(default=timezone.now)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str = "") -> tuple["ApiToken", str]:
        raw = "dv_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, digest=cls.hash(raw), prefix=raw[:8])
        return token, raw
