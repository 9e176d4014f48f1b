"""``danvan users create|list``: accounts with a role over one unit's subtree."""

import getpass
import secrets
import sys
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from danvan.accounts.choices import Role
from danvan.accounts.models import Grant, User
from danvan.core import audit
from danvan.core.choices import OrgKind
from danvan.core.context import actor
from danvan.core.models import ChangeAction
from danvan.geo.models import AdminUnit


def generate_password() -> str:
    """A password that is easy to read aloud: four groups of lower-case letters and digits."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def create_user(username: str, role: str, unit_key: str, org_kind: str = "", password: str = "",
                full_name: str = "") -> User:
    """Validate everything first, then create the user and its grant in one transaction (audited)."""
    if role not in Role.values:
        raise CommandError(f"Vai trò '{role}' không hợp lệ. Các vai trò: {', '.join(Role.values)}.")
    if org_kind and org_kind not in OrgKind.values:
        raise CommandError(f"Loại tổ chức '{org_kind}' không hợp lệ. Các loại: {', '.join(OrgKind.values)}.")
    unit = AdminUnit.objects.filter(key=unit_key).first()
    if unit is None:
        raise CommandError(f"Không có đơn vị hành chính mã '{unit_key}' (ví dụ: VN, 92, 31117).")
    if unit.is_legacy:
        raise CommandError(f"Đơn vị '{unit.name}' ({unit_key}) là đơn vị cũ trước 01/7/2025; hãy chọn đơn vị hiện hành.")
    if not username.strip():
        raise CommandError("Tên đăng nhập không được để trống.")
    if User.objects.filter(username=username).exists():
        raise CommandError(f"Tên đăng nhập '{username}' đã tồn tại.")
    user = User(username=username)
    if password:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("Mật khẩu không hợp lệ: " + " ".join(error.messages)) from error
    if full_name:
        user.first_name = full_name[:150]
    with transaction.atomic():
        user.set_password(password)
        user.save()
        grant = Grant.objects.create(user=user, role=role, unit=unit, org_kind=org_kind)
        audit.record(ChangeAction.CREATE, user, unit_path=unit.path,
                     after={"username": username, "role": role, "unit": unit.key, "org_kind": org_kind})
        user._grants_cache = [grant]
    return user


def describe_grant(grant: Grant) -> str:
    org = f" · {OrgKind(grant.org_kind).label}" if grant.org_kind else ""
    return f"{grant.get_role_display()} · {grant.unit.name} ({grant.unit.key}){org}"


class Command(BaseCommand):
    help = "Người dùng: 'create' tạo tài khoản với vai trò và phạm vi đơn vị; 'list' liệt kê."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Tạo người dùng / create a user")
        create.add_argument("username")
        create.add_argument("--role", required=True, help="Vai trò: " + ", ".join(Role.values))
        create.add_argument("--unit", required=True, help="Mã đơn vị (khóa): VN, 92, 31117, 31117.05…")
        create.add_argument("--org-kind", default="", help="Chỉ một loại tổ chức: " + ", ".join(OrgKind.values))
        create.add_argument("--password", default="", help="Mật khẩu; bỏ trống thì nhập (hoặc tự sinh nếu không có bàn phím)")
        create.add_argument("--name", default="", help="Họ và tên")
        sub.add_parser("list", help="Liệt kê người dùng / list users")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        with actor(None, source="command"):
            if action == "create":
                self.create(**options)
            else:
                self.list()

    def create(self, username: str, role: str, unit: str, org_kind: str, password: str, name: str,
               **options: Any) -> None:
        generated = False
        if not password:
            if sys.stdin.isatty() and options.get("interactive", True):
                password = getpass.getpass("Mật khẩu: ")
                if password != getpass.getpass("Nhập lại mật khẩu: "):
                    raise CommandError("Hai lần nhập mật khẩu không khớp.")
                if not password:
                    raise CommandError("Mật khẩu không được để trống.")
            else:
                password, generated = generate_password(), True
        user = create_user(username, role, unit, org_kind, password, name)
        self.stdout.write(self.style.SUCCESS(f"Đã tạo người dùng '{user.username}': {describe_grant(user.grants_cached()[0])}."))
        if generated:
            self.stdout.write(f"Mật khẩu (chỉ hiện một lần): {password}")

    def list(self) -> None:
        users = User.objects.prefetch_related("grants__unit").order_by("username")
        if not users:
            self.stdout.write("Chưa có người dùng nào.")
        for user in users:
            grants = "; ".join(describe_grant(g) for g in user.grants.all()) or "không có phân quyền"
            state = "" if user.is_active else " [đã khóa]"
            self.stdout.write(f"{user.username}{state}: {grants}")
